import type { Branding } from './api';

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** A `#rgb`/`#rrggbb` colour in lower-case long form, or null for anything else (no CSS injection). */
export function validHexColor(value: string | null | undefined): string | null {
  if (!value || !HEX.test(value)) return null;
  const v = value.toLowerCase();
  return v.length === 4 ? `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}` : v;
}

/** The logo URL if it is https or same-origin; null for data:, javascript:, plain http to elsewhere, junk. */
export function safeLogoUrl(value: string | null | undefined, pageOrigin: string): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, pageOrigin + '/');
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return url.href;
  if (url.origin === pageOrigin && (url.protocol === 'http:' || url.protocol === 'https:')) return url.href;
  return null;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const DEFAULT_PRIMARY = '#1f4fd1';
const DARK_TEXT = '#111111';

export interface Theme {
  /** Button background. */
  primary: string;
  /** Text on the primary colour: white or near-black, whichever contrasts more. */
  onPrimary: string;
  /** Primary colour for links and focus rings on white: the brand colour when it reaches 4.5:1, else the default. */
  accent: string;
}

export function themeFor(branding: Pick<Branding, 'primaryColor'> | null): Theme {
  const primary = validHexColor(branding?.primaryColor) ?? DEFAULT_PRIMARY;
  const onPrimary = contrastRatio(primary, '#ffffff') >= contrastRatio(primary, DARK_TEXT) ? '#ffffff' : DARK_TEXT;
  const accent = contrastRatio(primary, '#ffffff') >= 4.5 ? primary : DEFAULT_PRIMARY;
  return { primary, onPrimary, accent };
}

/** Sets the theme through CSSOM custom properties (allowed under `style-src 'self'`, unlike style attributes). */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.style.setProperty('--primary', theme.primary);
  root.style.setProperty('--on-primary', theme.onPrimary);
  root.style.setProperty('--accent', theme.accent);
}
