import { describe, expect, it } from 'vitest';
import enUS from '../src/i18n/en-US';
import { LANGUAGES, loadMessages } from '../src/i18n';
import { CLIENT_ERROR_CODES, errorMessageKey, FACE_ERROR_CODES, isTerminal, SERVER_ERROR_CODES } from '../src/errors';

// Every code CONTRACTS.md names for the enrolment API.
const CONTRACT_CODES = [
  'FACE_ANGLE_TOO_LARGE', 'FACE_CLOSE_TO_BORDER', 'FACE_CROPPED', 'FACE_IS_OCCLUDED', 'FACE_NOT_FOUND',
  'FACE_TOO_CLOSE', 'FACE_TOO_SMALL', 'FACE_QUALITY_LOW', 'TOO_MANY_FACES', 'IMAGE_INVALID', 'IMAGE_TOO_LARGE',
  'IMAGE_UNSUPPORTED', 'SESSION_ALREADY_COMPLETED', 'INTERNAL_ERROR', 'SESSION_UNAUTHORIZED', 'ATTEMPTS_EXHAUSTED',
  'MISSING_DOCUMENT_AND_FACE',
];

describe('error code → message', () => {
  it('errorMessageKey_EveryContractCode_HasItsOwnMessage', () => {
    for (const code of CONTRACT_CODES) {
      const key = errorMessageKey(code);
      expect(key).toBe(`error.${code}`);
      expect(key in enUS).toBe(true);
    }
  });

  it('errorMessageKey_FaceCodes_AreAllContractFaceCodes', () => {
    expect([...FACE_ERROR_CODES].sort()).toEqual(CONTRACT_CODES.slice(0, 14).sort());
  });

  it('errorMessageKey_UnknownOrHostileCode_IsGenericMessage', () => {
    expect(errorMessageKey('SOMETHING_NEW')).toBe('error.UNKNOWN');
    expect(errorMessageKey('constructor')).toBe('error.UNKNOWN');
    expect(errorMessageKey('__proto__')).toBe('error.UNKNOWN');
    expect(errorMessageKey(null)).toBe('error.UNKNOWN');
  });

  it('errorMessageKey_EveryCode_HasDistinctTextInEveryLanguage', async () => {
    for (const lang of LANGUAGES) {
      const m = (await loadMessages(lang)) as Record<string, string>;
      const faceTexts = FACE_ERROR_CODES.map((c) => m[errorMessageKey(c)]);
      expect(new Set(faceTexts).size, lang).toBe(faceTexts.length);
      for (const c of [...SERVER_ERROR_CODES, ...CLIENT_ERROR_CODES]) expect(m[errorMessageKey(c)], `${lang} ${c}`).toBeTruthy();
    }
  });

  it('isTerminal_SessionAndExhausted_AreTerminal_FaceCodesAreNot', () => {
    expect(isTerminal('SESSION_UNAUTHORIZED')).toBe(true);
    expect(isTerminal('SESSION_ALREADY_COMPLETED')).toBe(true);
    expect(isTerminal('ATTEMPTS_EXHAUSTED')).toBe(true);
    expect(isTerminal('FACE_NOT_FOUND')).toBe(false);
  });
});
