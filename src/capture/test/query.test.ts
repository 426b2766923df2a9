import { describe, expect, it } from 'vitest';
import { parseQuery, urlWithoutToken } from '../src/query';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXEifQ.c2lnbmF0dXJlX2hlcmU';

describe('parseQuery', () => {
  it('parseQuery_AllParameters_AreRead', () => {
    const q = parseQuery(`?token=${JWT}&iframe=true&lang=fr-CA&crossDevice=false&onlyMobile=true`);
    expect(q).toEqual({ token: JWT, iframe: true, lang: 'fr-CA', crossDevice: false, onlyMobile: true });
  });

  it('parseQuery_OnlyToken_HasDefaults', () => {
    expect(parseQuery(`?token=${JWT}`)).toEqual({ token: JWT, iframe: false, lang: null, crossDevice: true, onlyMobile: false });
  });

  it('parseQuery_FlagSpellings_AreUnderstood', () => {
    expect(parseQuery('?iframe=1').iframe).toBe(true);
    expect(parseQuery('?iframe=TRUE').iframe).toBe(true);
    expect(parseQuery('?iframe').iframe).toBe(true);
    expect(parseQuery('?iframe=false').iframe).toBe(false);
    expect(parseQuery('?crossDevice=0').crossDevice).toBe(false);
    expect(parseQuery('?crossDevice=nonsense').crossDevice).toBe(true);
  });

  it('parseQuery_MissingOrMalformedToken_IsNull', () => {
    expect(parseQuery('').token).toBeNull();
    expect(parseQuery('?token=').token).toBeNull();
    expect(parseQuery('?token=%3Cscript%3E').token).toBeNull();
    expect(parseQuery('?token=abc def ghi').token).toBeNull();
    expect(parseQuery(`?token=${'a'.repeat(5000)}`).token).toBeNull();
  });

  it('parseQuery_HostileLang_IsIgnored', () => {
    expect(parseQuery('?lang=%22%3E%3Cimg').lang).toBeNull();
    expect(parseQuery('?lang=de_DE').lang).toBe('de_DE');
  });
});

describe('urlWithoutToken', () => {
  it('urlWithoutToken_TokenAmongOthers_KeepsTheRest', () => {
    expect(urlWithoutToken(`https://x.test/web-enrolment/?token=${JWT}&iframe=true&lang=de-DE#a`)).toBe(
      '/web-enrolment/?iframe=true&lang=de-DE#a',
    );
  });

  it('urlWithoutToken_OnlyToken_LeavesNoQuery', () => {
    expect(urlWithoutToken(`https://x.test/web-enrolment/?token=${JWT}`)).toBe('/web-enrolment/');
  });
});
