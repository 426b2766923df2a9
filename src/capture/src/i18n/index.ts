import enUS, { type MessageKey, type Messages } from './en-US';

/** The seed's 17 languages, with the seed's own codes (note `jp-JP` for Japanese). */
export const LANGUAGES = [
  'ar-SA', 'cs-CZ', 'da-DK', 'en-US', 'fi-FI', 'fr-FR', 'fr-CA', 'de-DE', 'hu-HU',
  'jp-JP', 'lv-LV', 'pt-PT', 'ro-RO', 'sk-SK', 'es-ES', 'sv-SE', 'uk-UA',
] as const;

export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en-US';

/** Primary subtag → language used when only the language (or another region) matches. */
const BY_PRIMARY: Record<string, Language> = {
  ar: 'ar-SA', cs: 'cs-CZ', da: 'da-DK', en: 'en-US', fi: 'fi-FI', fr: 'fr-FR', de: 'de-DE', hu: 'hu-HU',
  ja: 'jp-JP', jp: 'jp-JP', lv: 'lv-LV', pt: 'pt-PT', ro: 'ro-RO', sk: 'sk-SK', es: 'es-ES', sv: 'sv-SE',
  uk: 'uk-UA', ua: 'uk-UA',
};

/** Maps one language tag to a supported language: exact (case- and `_`-insensitive), else by primary subtag. */
export function matchLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const norm = tag.trim().replace(/_/g, '-').toLowerCase();
  if (!norm) return null;
  const exact = LANGUAGES.find((l) => l.toLowerCase() === norm);
  if (exact) return exact;
  if (norm === 'ja-jp') return 'jp-JP';
  const primary = norm.split('-')[0];
  return BY_PRIMARY[primary] ?? null;
}

/** `lang=` from the URL, else the session's locale, else the browser's languages, else en-US. */
export function resolveLanguage(
  queryLang: string | null | undefined,
  sessionLocale: string | null | undefined,
  browserLanguages: readonly string[] | null | undefined,
): Language {
  return (
    matchLanguage(queryLang) ??
    matchLanguage(sessionLocale) ??
    (browserLanguages ?? []).map(matchLanguage).find((l): l is Language => l !== null) ??
    DEFAULT_LANGUAGE
  );
}

/** The BCP 47 tag for `<html lang>`: the seed's `jp-JP` is really `ja-JP`. */
export function htmlLang(lang: Language): string {
  return lang === 'jp-JP' ? 'ja-JP' : lang;
}

export function textDirection(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar-SA' ? 'rtl' : 'ltr';
}

type Loader = () => Promise<{ default: Messages }>;

// One chunk per language: a phone downloads only the language it shows.
const LOADERS: Record<Exclude<Language, 'en-US'>, Loader> = {
  'ar-SA': () => import('./locales/ar-SA'),
  'cs-CZ': () => import('./locales/cs-CZ'),
  'da-DK': () => import('./locales/da-DK'),
  'fi-FI': () => import('./locales/fi-FI'),
  'fr-FR': () => import('./locales/fr-FR'),
  'fr-CA': () => import('./locales/fr-CA'),
  'de-DE': () => import('./locales/de-DE'),
  'hu-HU': () => import('./locales/hu-HU'),
  'jp-JP': () => import('./locales/jp-JP'),
  'lv-LV': () => import('./locales/lv-LV'),
  'pt-PT': () => import('./locales/pt-PT'),
  'ro-RO': () => import('./locales/ro-RO'),
  'sk-SK': () => import('./locales/sk-SK'),
  'es-ES': () => import('./locales/es-ES'),
  'sv-SE': () => import('./locales/sv-SE'),
  'uk-UA': () => import('./locales/uk-UA'),
};

export async function loadMessages(lang: Language): Promise<Messages> {
  if (lang === 'en-US') return enUS;
  return (await LOADERS[lang]()).default;
}

export type Params = Record<string, string | number>;

/** Formats `{name}` placeholders; numbers use the language's digits. */
export function format(template: string, params: Params | undefined, lang: Language): string {
  if (!params) return template;
  const nf = new Intl.NumberFormat(htmlLang(lang));
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? nf.format(v) : v;
  });
}

export interface Translator {
  readonly lang: Language;
  t(key: MessageKey, params?: Params): string;
}

export function translator(lang: Language, messages: Messages): Translator {
  return {
    lang,
    t: (key, params) => format(messages[key] ?? enUS[key], params, lang),
  };
}

export type { MessageKey, Messages };
