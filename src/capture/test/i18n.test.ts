import { describe, expect, it } from 'vitest';
import enUS from '../src/i18n/en-US';
import {
  format, htmlLang, LANGUAGES, loadMessages, matchLanguage, resolveLanguage, textDirection, translator,
} from '../src/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(enUS).sort();

describe('i18n catalogues', () => {
  it('LANGUAGES_SeedList_HasTheSeventeenSeedCodes', () => {
    expect([...LANGUAGES].sort()).toEqual(
      ['ar-SA', 'cs-CZ', 'da-DK', 'en-US', 'fi-FI', 'fr-FR', 'fr-CA', 'de-DE', 'hu-HU', 'jp-JP', 'lv-LV',
        'pt-PT', 'ro-RO', 'sk-SK', 'es-ES', 'sv-SE', 'uk-UA'].sort(),
    );
  });

  it.each(LANGUAGES.map((l) => [l]))('loadMessages_%s_HasEveryKeyNonEmptyWithTheSamePlaceholders', async (lang) => {
    const messages = await loadMessages(lang);
    expect(Object.keys(messages).sort()).toEqual(keys);
    for (const key of keys) {
      const value = (messages as Record<string, string>)[key];
      expect(typeof value, `${lang} ${key}`).toBe('string');
      expect(value.trim().length, `${lang} ${key}`).toBeGreaterThan(0);
      expect(placeholders(value), `${lang} ${key}`).toEqual(placeholders((enUS as Record<string, string>)[key]));
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en-US').map((l) => [l]))(
    'loadMessages_%s_IsActuallyTranslated',
    async (lang) => {
      const messages = (await loadMessages(lang)) as Record<string, string>;
      const same = keys.filter((k) => messages[k] === (enUS as Record<string, string>)[k]);
      // Only a few short words can legitimately equal the English ("Start" in Danish).
      expect(same.length, `${lang}: untranslated ${same.join(', ')}`).toBeLessThanOrEqual(2);
    },
  );

  it('textDirection_Arabic_IsRtlAndOthersLtr', () => {
    expect(textDirection('ar-SA')).toBe('rtl');
    for (const l of LANGUAGES.filter((x) => x !== 'ar-SA')) expect(textDirection(l)).toBe('ltr');
  });

  it('htmlLang_SeedJapaneseCode_IsValidBcp47', () => {
    expect(htmlLang('jp-JP')).toBe('ja-JP');
    expect(htmlLang('fr-CA')).toBe('fr-CA');
  });

  it('format_Placeholders_AreReplacedAndNumbersLocalized', () => {
    expect(format('Step {step} of {total}', { step: 1, total: 2 }, 'en-US')).toBe('Step 1 of 2');
    expect(format('{count}', { count: 2 }, 'ar-SA')).toBe(new Intl.NumberFormat('ar-SA').format(2));
    expect(format('{missing} stays', {}, 'en-US')).toBe('{missing} stays');
  });

  it('translator_Key_ReturnsTheLanguagesText', async () => {
    const tr = translator('de-DE', await loadMessages('de-DE'));
    expect(tr.t('app.attemptsLeft', { count: 3 })).toBe('Verbleibende Versuche: 3');
  });
});

describe('language resolution', () => {
  it('matchLanguage_ExactAnyCaseOrUnderscore_Matches', () => {
    expect(matchLanguage('de-DE')).toBe('de-DE');
    expect(matchLanguage('DE_de')).toBe('de-DE');
    expect(matchLanguage('fr-ca')).toBe('fr-CA');
  });

  it('matchLanguage_PrimarySubtagOrOtherRegion_FallsBackToTheSeedRegion', () => {
    expect(matchLanguage('fr')).toBe('fr-FR');
    expect(matchLanguage('fr-BE')).toBe('fr-FR');
    expect(matchLanguage('pt-BR')).toBe('pt-PT');
    expect(matchLanguage('en-GB')).toBe('en-US');
    expect(matchLanguage('es-MX')).toBe('es-ES');
    expect(matchLanguage('ar')).toBe('ar-SA');
  });

  it('matchLanguage_JapaneseStandardCodes_MapToSeedJpJP', () => {
    expect(matchLanguage('ja')).toBe('jp-JP');
    expect(matchLanguage('ja-JP')).toBe('jp-JP');
    expect(matchLanguage('jp-JP')).toBe('jp-JP');
  });

  it('matchLanguage_UnsupportedOrEmpty_IsNull', () => {
    expect(matchLanguage('zh-CN')).toBeNull();
    expect(matchLanguage('')).toBeNull();
    expect(matchLanguage(null)).toBeNull();
    expect(matchLanguage('xx')).toBeNull();
  });

  it('resolveLanguage_QueryWins_OverSessionAndBrowser', () => {
    expect(resolveLanguage('sv-SE', 'de-DE', ['fr-FR'])).toBe('sv-SE');
  });

  it('resolveLanguage_NoQuery_UsesSessionLocale', () => {
    expect(resolveLanguage(null, 'hu-HU', ['fr-FR'])).toBe('hu-HU');
  });

  it('resolveLanguage_UnsupportedQuery_FallsThroughToSession', () => {
    expect(resolveLanguage('zh-CN', 'lv-LV', ['fr-FR'])).toBe('lv-LV');
  });

  it('resolveLanguage_NoQueryNoSession_UsesFirstSupportedBrowserLanguage', () => {
    expect(resolveLanguage(null, null, ['zh-CN', 'uk', 'de-DE'])).toBe('uk-UA');
  });

  it('resolveLanguage_NothingSupported_IsEnglish', () => {
    expect(resolveLanguage(null, null, ['zh-CN'])).toBe('en-US');
    expect(resolveLanguage(undefined, undefined, undefined)).toBe('en-US');
  });
});
