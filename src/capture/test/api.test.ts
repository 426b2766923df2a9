import { describe, expect, it } from 'vitest';
import { codeForStatus, EnrolmentApi, EnrolmentApiError, normalizeSession, type FetchLike } from '../src/api';

interface Call { url: string; init: RequestInit }

function stub(status: number, body: unknown, contentType = 'application/json'): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } });
  };
  return { fetch, calls };
}

const SESSION = {
  sessionId: 's-1', requestId: 'r-1', status: 'waiting', steps: ['face'], locale: 'de-DE', attemptsLeft: 3,
  maxAttempts: 3, completed: false, returnUrl: 'https://shop.test/back',
  crossDevice: { url: 'https://id.test/web-enrolment/?token=x', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
  branding: { name: 'Shop', primaryColor: '#112233', logoUrl: 'https://shop.test/logo.png' },
};

async function codeOf(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EnrolmentApiError);
    return [(e as EnrolmentApiError).status, (e as EnrolmentApiError).code];
  }
  throw new Error('expected a rejection');
}

describe('EnrolmentApi', () => {
  it('getSession_Ok_SendsBearerTokenAndParsesTheSession', async () => {
    const { fetch, calls } = stub(200, SESSION);
    const s = await new EnrolmentApi('tok.en.value', { fetch }).getSession();
    expect(calls[0].url).toBe('/api/v1/enrolment/session');
    expect(calls[0].init.method).toBe('GET');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer tok.en.value');
    expect(calls[0].init.credentials).toBe('omit');
    expect(s.sessionId).toBe('s-1');
    expect(s.steps).toEqual(['face']);
    expect(s.attemptsLeft).toBe(3);
    expect(s.crossDevice?.url).toContain('web-enrolment');
    expect(s.branding.name).toBe('Shop');
  });

  it('submitFace_Ok_PostsImageBaseAsCamelCaseJson', async () => {
    const { fetch, calls } = stub(200, { hasError: false });
    const r = await new EnrolmentApi('t0000000', { fetch }).submitFace('data:image/jpeg;base64,AAAA');
    expect(calls[0].url).toBe('/api/v1/enrolment/face');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ imageBase: 'data:image/jpeg;base64,AAAA' });
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(r).toEqual({ hasError: false, error: null, attemptsLeft: null, details: null });
  });

  it('submitFace_FaceError_ReturnsCodeAndAttemptsLeft', async () => {
    const { fetch } = stub(200, { hasError: true, error: 'FACE_NOT_FOUND', attemptsLeft: 2, details: { faces: 0 } });
    const r = await new EnrolmentApi('t0000000', { fetch }).submitFace('data:,');
    expect(r.hasError).toBe(true);
    expect(r.error).toBe('FACE_NOT_FOUND');
    expect(r.attemptsLeft).toBe(2);
    expect(r.details).toEqual({ faces: 0 });
  });

  it('submitFace_ErrorWithoutCodeOrHostileCode_IsInternalError', async () => {
    expect((await new EnrolmentApi('t0000000', { fetch: stub(200, { hasError: true }).fetch }).submitFace('x')).error).toBe('INTERNAL_ERROR');
    const hostile = stub(200, { hasError: true, error: '<img src=x onerror=alert(1)>' });
    expect((await new EnrolmentApi('t0000000', { fetch: hostile.fetch }).submitFace('x')).error).toBe('INTERNAL_ERROR');
  });

  it('getSession_401ProblemDetails_ThrowsSessionUnauthorized', async () => {
    const { fetch } = stub(401, { status: 401, title: 'Unauthorized', code: 'SESSION_UNAUTHORIZED' }, 'application/problem+json');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([401, 'SESSION_UNAUTHORIZED']);
  });

  it('getSession_409ProblemDetails_ThrowsSessionAlreadyCompleted', async () => {
    const { fetch } = stub(409, { status: 409, code: 'SESSION_ALREADY_COMPLETED' }, 'application/problem+json');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([409, 'SESSION_ALREADY_COMPLETED']);
  });

  it('getSession_401WithoutBody_StillSessionUnauthorized', async () => {
    const { fetch } = stub(401, '', 'text/plain');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([401, 'SESSION_UNAUTHORIZED']);
  });

  it('getSession_500Html_IsInternalError', async () => {
    const { fetch } = stub(502, '<html>Bad gateway</html>', 'text/html');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([502, 'INTERNAL_ERROR']);
  });

  it('getSession_200NotJson_IsInternalError', async () => {
    const { fetch } = stub(200, 'not json', 'text/plain');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([200, 'INTERNAL_ERROR']);
  });

  it('getSession_FetchRejects_IsNetworkError', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).getSession())).toEqual([0, 'NETWORK_ERROR']);
  });

  it('getSession_Timeout_IsNetworkError', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch, timeoutMs: 10 }).getSession())).toEqual([0, 'NETWORK_ERROR']);
  });

  it('complete_Ok_ReturnsCustomerReturnUrl', async () => {
    const { fetch, calls } = stub(200, { customerReturnUrl: 'https://shop.test/done' });
    expect(await new EnrolmentApi('t0000000', { fetch }).complete()).toEqual({ customerReturnUrl: 'https://shop.test/done' });
    expect(calls[0].url).toBe('/api/v1/enrolment/complete');
  });

  it('complete_MissingImagesAsProblem_ThrowsMissingDocumentAndFace', async () => {
    const { fetch } = stub(422, { status: 422, code: 'MISSING_DOCUMENT_AND_FACE' }, 'application/problem+json');
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).complete())).toEqual([422, 'MISSING_DOCUMENT_AND_FACE']);
  });

  it('complete_MissingImagesAsHasError_ThrowsMissingDocumentAndFace', async () => {
    const { fetch } = stub(200, { hasError: true, error: 'MISSING_DOCUMENT_AND_FACE' });
    expect(await codeOf(new EnrolmentApi('t0000000', { fetch }).complete())).toEqual([200, 'MISSING_DOCUMENT_AND_FACE']);
  });

  it('submitDocument_TwoSided_ReportsSide', async () => {
    const { fetch, calls } = stub(200, { hasError: false, isTwoSideDocument: true, pageSide: 'front', country: 'DE', type: 'ID' });
    const r = await new EnrolmentApi('t0000000', { fetch, baseUrl: '/x/' }).submitDocument('data:,');
    expect(calls[0].url).toBe('/x/document');
    expect(r).toMatchObject({ hasError: false, isTwoSideDocument: true, pageSide: 'front', country: 'DE', type: 'ID' });
  });

  it('codeForStatus_KnownStatuses_MapToContractCodes', () => {
    expect(codeForStatus(401)).toBe('SESSION_UNAUTHORIZED');
    expect(codeForStatus(409)).toBe('SESSION_ALREADY_COMPLETED');
    expect(codeForStatus(413)).toBe('IMAGE_TOO_LARGE');
    expect(codeForStatus(500)).toBe('INTERNAL_ERROR');
  });
});

describe('normalizeSession', () => {
  it('normalizeSession_StepsInAnyOrderOrUnknown_DocumentFirstUnknownDropped', () => {
    expect(normalizeSession({ ...SESSION, steps: ['face', 'liveness', 'document'] }).steps).toEqual(['document', 'face']);
  });

  it('normalizeSession_NoSteps_DefaultsToFace', () => {
    expect(normalizeSession({ ...SESSION, steps: [] }).steps).toEqual(['face']);
  });

  it('normalizeSession_NullCrossDeviceAndBranding_AreTolerated', () => {
    const s = normalizeSession({ sessionId: 's', crossDevice: null, branding: null });
    expect(s.crossDevice).toBeNull();
    expect(s.branding).toEqual({ name: null, primaryColor: null, logoUrl: null });
    expect(s.completed).toBe(false);
  });

  it('normalizeSession_NoSessionId_Throws', () => {
    expect(() => normalizeSession({ steps: ['face'] })).toThrow(EnrolmentApiError);
  });
});
