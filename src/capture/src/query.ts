/** What the capture app reads from its URL: `?token=…[&iframe=true][&lang=xx-XX][&crossDevice=false][&onlyMobile=true]`. */
export interface CaptureQuery {
  /** Session token, or null when absent or malformed. */
  token: string | null;
  /** Embedded in an iframe: post results to the parent, never redirect. */
  iframe: boolean;
  /** Requested language as written in the URL (resolved later against the supported list). */
  lang: string | null;
  /** Offer the QR hand-off to a phone on desktops (default true). */
  crossDevice: boolean;
  /** Only a phone may be used: removes "continue on this device" on desktops. */
  onlyMobile: boolean;
}

// A session token is a JWT (base64url segments separated by dots); allow standard base64 too,
// but refuse anything that could not be a token so that junk never reaches the Authorization header.
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,4096}$/;
const LANG_PATTERN = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes' || v === '') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return fallback;
}

export function parseQuery(search: string): CaptureQuery {
  const params = new URLSearchParams(search);
  const rawToken = params.get('token')?.trim() ?? '';
  const rawLang = params.get('lang')?.trim() ?? '';
  return {
    token: TOKEN_PATTERN.test(rawToken) ? rawToken : null,
    iframe: flag(params.get('iframe'), false),
    lang: rawLang && rawLang.length <= 35 && LANG_PATTERN.test(rawLang) ? rawLang : null,
    crossDevice: flag(params.get('crossDevice'), true),
    onlyMobile: flag(params.get('onlyMobile'), false),
  };
}

/** The same URL without the token, for history.replaceState: the token must not stay in the address bar or history. */
export function urlWithoutToken(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('token');
  return url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
}
