import { describe, expect, it } from 'vitest';
import { AdminApi, normalizeRequestPage } from './admin';
import { settingTarget } from '../model/settings';
import { ApiError, createHttpClient, problemToError, type FetchLike } from './client';

function respond(status: number, body: unknown, type = 'application/problem+json'): FetchLike {
  return async () =>
    new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      statusText: status === 404 ? 'Not Found' : '',
      headers: { 'content-type': type },
    });
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('API client error mapping', () => {
  it('surfaces ProblemDetails code, title, detail and field errors', async () => {
    const http = createHttpClient(
      respond(400, { status: 400, title: 'Validation failed', detail: 'Attempts out of range', code: 'VALIDATION_FAILED', errors: { attempts: ['Must be 1–5.'] } }),
    );
    const e = await failure(http.post('/api/admin/workspaces/w/applications', {}));
    expect(e.status).toBe(400);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.title).toBe('Validation failed');
    expect(e.detail).toBe('Attempts out of range');
    expect(e.fieldErrors).toEqual({ attempts: ['Must be 1–5.'] });
    expect(e.message).toBe('Validation failed: Attempts out of range');
  });

  it('keeps workflow validation issues from a 422 publish', async () => {
    const issue = { nodeId: 'selfie', field: 'rule', message: 'Unknown field user.isnew', line: 1, column: 6, code: 'RULE_TYPE_ERROR' };
    const api = new AdminApi(createHttpClient(respond(422, { status: 422, title: 'Invalid workflow', code: 'WORKFLOW_INVALID', errors: [issue] })));
    const e = await failure(api.publish('w', 'selfie-registration'));
    expect(e.code).toBe('WORKFLOW_INVALID');
    expect(e.issues).toEqual([issue]);
    expect(e.fieldErrors).toEqual({});
  });

  it('falls back to a code from the status when the body has none', async () => {
    expect((await failure(createHttpClient(respond(404, { title: 'Not Found' })).get('/x'))).code).toBe('NOT_FOUND');
    expect((await failure(createHttpClient(respond(502, '<html>bad gateway</html>', 'text/html')).get('/x'))).code).toBe('SERVER_ERROR');
    expect(problemToError(418, '', null).code).toBe('HTTP_418');
  });

  it('maps a network failure to NETWORK_ERROR', async () => {
    const http = createHttpClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    const e = await failure(http.get('/api/admin/auth/me'));
    expect(e.status).toBe(0);
    expect(e.code).toBe('NETWORK_ERROR');
  });

  it('calls the unauthorized handler on 401 and still throws', async () => {
    let called = 0;
    const http = createHttpClient(respond(401, { title: 'Unauthorized', code: 'NOT_SIGNED_IN' }), () => called++);
    const e = await failure(http.get('/api/admin/auth/me'));
    expect(e.code).toBe('NOT_SIGNED_IN');
    expect(called).toBe(1);
  });

  it('malformed JSON in a success response is an INVALID_RESPONSE error', async () => {
    const e = await failure(createHttpClient(respond(200, '{not json', 'application/json')).get('/x'));
    expect(e.code).toBe('INVALID_RESPONSE');
  });

  it('sends same-origin credentials, JSON body and query filters', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const api = new AdminApi(
      createHttpClient(async (url, init) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ items: [], total: 0 }), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const page = await api.listRequests('ws 1', { status: 'completed', userId: 'u@x', workflow: '', take: 50 });
    expect(page).toEqual({ items: [], total: 0 });
    expect(calls[0].url).toBe('/api/admin/workspaces/ws%201/requests?status=completed&userId=u%40x&take=50');
    expect(calls[0].init?.credentials).toBe('same-origin');
    await api.saveDraft('w', 'k', { key: 'k', name: 'K', version: 1, start: 'a', nodes: [], edges: [], layout: {} });
    expect(calls[1].init?.method).toBe('PUT');
    expect(JSON.parse(String(calls[1].init?.body)).key).toBe('k');
  });

  it('204 No Content resolves to undefined', async () => {
    const http = createHttpClient(async () => new Response(null, { status: 204 }));
    await expect(http.delete('/x')).resolves.toBeUndefined();
  });
});

describe('normalizeRequestPage', () => {
  it('accepts an array or a page object', () => {
    expect(normalizeRequestPage([{ id: '1' }])).toEqual({ items: [{ id: '1' }], total: null });
    expect(normalizeRequestPage({ items: [], total: 7 })).toEqual({ items: [], total: 7 });
    expect(normalizeRequestPage(null)).toEqual({ items: [], total: null });
  });
});

describe('against bodies the real server sent', () => {
  it('a 422 publish of a decision with a broken branch rule points at that branch row', async () => {
    // POST /workflows/routing/publish, as the server answered it (fixtures/routing.json has the broken rule).
    const body = {
      type: 'https://tools.ietf.org/html/rfc4918#section-11.2',
      title: 'Workflow is invalid',
      status: 422,
      detail: 'The definition has 1 error(s); nothing was published.',
      code: 'VALIDATION_FAILED',
      errors: [{ nodeId: 'route', field: 'settings.branches[1].rule', message: "unexpected end of rule; expected a value, identifier, '(' , '[' or '{'", line: 1, column: 28, code: 'RULE_SYNTAX' }],
    };
    const api = new AdminApi(createHttpClient(respond(422, body)));
    const e = await failure(api.publish('w', 'routing'));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toHaveLength(1);
    expect(settingTarget(e.issues[0].field, ['branches'])).toEqual({ name: 'branches', index: 1, part: 'rule' });
    expect(e.issues[0]).toMatchObject({ line: 1, column: 28, code: 'RULE_SYNTAX' });
  });

  it('the requests page object keeps its total', () => {
    expect(normalizeRequestPage({ items: [{ id: 'r1' }], total: 7 })).toEqual({ items: [{ id: 'r1' }], total: 7 });
  });
});

describe('webhook endpoints of AdminApi', () => {
  function recorder() {
    const calls: { method: string; url: string; body: unknown }[] = [];
    const fetchImpl: FetchLike = async (url, init) => {
      calls.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    return { calls, api: new AdminApi(createHttpClient(fetchImpl)) };
  }

  it('map to the notifications admin API routes', async () => {
    const { calls, api } = recorder();
    await api.listEndpoints('ws1', 'app 1');
    await api.createEndpoint('ws1', { applicationId: 'a', kind: 'webhook', url: 'https://h.example.com' });
    await api.updateEndpoint('ws1', 'e1', { enabled: false });
    await api.rotateSecret('ws1', 'e1', 0);
    await api.sendTestEvent('ws1', 'e1');
    await api.endpointDeliveries('ws1', 'e1', { status: 'failed', take: 100 });
    await api.replayFailed('ws1', 'e1', '2026-11-21T10:00:00.000Z', '2026-11-21T11:00:00.000Z');
    await api.listEvents('ws1', { requestId: 'r1' });
    await api.getEvent('ws1', 'msg_1');
    await api.replayEvent('ws1', 'msg_1', 'e1');
    await api.replayEvent('ws1', 'msg_1');
    await api.deleteEndpoint('ws1', 'e1');
    const base = '/api/admin/workspaces/ws1/webhooks';
    expect(calls).toEqual([
      { method: 'GET', url: `${base}/endpoints?applicationId=app+1`, body: undefined },
      { method: 'POST', url: `${base}/endpoints`, body: { applicationId: 'a', kind: 'webhook', url: 'https://h.example.com' } },
      { method: 'PUT', url: `${base}/endpoints/e1`, body: { enabled: false } },
      { method: 'POST', url: `${base}/endpoints/e1/rotate-secret`, body: { overlapSeconds: 0 } },
      { method: 'POST', url: `${base}/endpoints/e1/test`, body: undefined },
      { method: 'GET', url: `${base}/endpoints/e1/deliveries?status=failed&take=100`, body: undefined },
      { method: 'POST', url: `${base}/endpoints/e1/replay-failed`, body: { from: '2026-11-21T10:00:00.000Z', to: '2026-11-21T11:00:00.000Z' } },
      { method: 'GET', url: `${base}/events?requestId=r1`, body: undefined },
      { method: 'GET', url: `${base}/events/msg_1`, body: undefined },
      { method: 'POST', url: `${base}/events/msg_1/replay`, body: { endpointId: 'e1' } },
      { method: 'POST', url: `${base}/events/msg_1/replay`, body: {} },
      { method: 'DELETE', url: `${base}/endpoints/e1`, body: undefined },
    ]);
  });
});
