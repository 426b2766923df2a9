import type { MessageKey } from './i18n/en-US';

/** Every error code the enrolment API can answer with (CONTRACTS.md, "Enrolment API"), plus the app's own. */
export const FACE_ERROR_CODES = [
  'FACE_ANGLE_TOO_LARGE',
  'FACE_CLOSE_TO_BORDER',
  'FACE_CROPPED',
  'FACE_IS_OCCLUDED',
  'FACE_NOT_FOUND',
  'FACE_TOO_CLOSE',
  'FACE_TOO_SMALL',
  'FACE_QUALITY_LOW',
  'TOO_MANY_FACES',
  'IMAGE_INVALID',
  'IMAGE_TOO_LARGE',
  'IMAGE_UNSUPPORTED',
  'SESSION_ALREADY_COMPLETED',
  'INTERNAL_ERROR',
] as const;

export const SERVER_ERROR_CODES = [
  ...FACE_ERROR_CODES,
  'SESSION_UNAUTHORIZED',
  'ATTEMPTS_EXHAUSTED',
  'MISSING_DOCUMENT_AND_FACE',
  'DOCUMENT_NOT_RECOGNIZED',
  'WRONG_SIDE',
] as const;

/** Codes the app produces itself (never sent by the server). */
export const CLIENT_ERROR_CODES = ['NETWORK_ERROR', 'CAMERA_DENIED', 'CAMERA_UNAVAILABLE'] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ErrorCode = ServerErrorCode | ClientErrorCode;

const KNOWN = new Set<string>([...SERVER_ERROR_CODES, ...CLIENT_ERROR_CODES]);

export function isKnownErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

/** The message key for an error code; unknown codes get the generic message rather than a raw code. */
export function errorMessageKey(code: string | null | undefined): MessageKey {
  return (isKnownErrorCode(code) ? `error.${code}` : 'error.UNKNOWN') as MessageKey;
}

/** Codes after which nothing more can be done in this session. */
export function isTerminal(code: string): boolean {
  return code === 'SESSION_UNAUTHORIZED' || code === 'SESSION_ALREADY_COMPLETED' || code === 'ATTEMPTS_EXHAUSTED';
}
