import { describe, expect, it } from 'vitest';
import { contrastRatio, DEFAULT_PRIMARY, safeLogoUrl, themeFor, validHexColor } from '../src/branding';

describe('branding', () => {
  it('validHexColor_ValidForms_AreNormalized', () => {
    expect(validHexColor('#ABC')).toBe('#aabbcc');
    expect(validHexColor('#1f4FD1')).toBe('#1f4fd1');
  });

  it('validHexColor_CssInjectionOrNames_AreRejected', () => {
    for (const bad of ['red', '#12', '#1234567', '1f4fd1', '#fff;background:url(x)', 'rgb(0,0,0)', '', null, undefined]) {
      expect(validHexColor(bad as string)).toBeNull();
    }
  });

  it('safeLogoUrl_HttpsOrSameOrigin_IsKept', () => {
    expect(safeLogoUrl('https://cdn.test/logo.png', 'https://id.test')).toBe('https://cdn.test/logo.png');
    expect(safeLogoUrl('/branding/logo.svg', 'https://id.test')).toBe('https://id.test/branding/logo.svg');
    expect(safeLogoUrl('http://127.0.0.1:8080/l.png', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/l.png');
  });

  it('safeLogoUrl_OtherSchemesOrForeignHttp_AreDropped', () => {
    expect(safeLogoUrl('javascript:alert(1)', 'https://id.test')).toBeNull();
    expect(safeLogoUrl('data:image/svg+xml,<svg onload=alert(1)>', 'https://id.test')).toBeNull();
    expect(safeLogoUrl('http://cdn.test/logo.png', 'https://id.test')).toBeNull();
    expect(safeLogoUrl('https://user:pw@cdn.test/logo.png', 'https://id.test')).toBeNull();
    expect(safeLogoUrl('', 'https://id.test')).toBeNull();
  });

  it('themeFor_DarkBrand_UsesWhiteTextAndBrandAccent', () => {
    const t = themeFor({ primaryColor: '#003366' });
    expect(t).toEqual({ primary: '#003366', onPrimary: '#ffffff', accent: '#003366' });
  });

  it('themeFor_LightBrand_UsesDarkTextAndDefaultAccent', () => {
    const t = themeFor({ primaryColor: '#ffd700' });
    expect(t.onPrimary).toBe('#111111');
    expect(contrastRatio(t.primary, t.onPrimary)).toBeGreaterThanOrEqual(4.5);
    expect(t.accent).toBe(DEFAULT_PRIMARY);
  });

  it('themeFor_InvalidColour_UsesDefaultWithSufficientContrast', () => {
    const t = themeFor({ primaryColor: 'expression(alert(1))' });
    expect(t.primary).toBe(DEFAULT_PRIMARY);
    expect(contrastRatio(t.primary, t.onPrimary)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(t.accent, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
