import { describe, expect, it } from 'vitest';
import type { Delivery, WebhookEndpoint } from '../api/types';
import { deliveryFigures, emptyEndpointForm, endpointToForm, eventsLabel, formToInput, isoToLocal, localToIso, replayRange, validateEndpointForm } from './webhooks';

const endpoint: WebhookEndpoint = {
  id: 'e1',
  applicationId: 'a1',
  kind: 'webhook',
  url: 'https://hooks.example.com/wfp',
  emailTo: [],
  events: ['request.completed'],
  enabled: true,
  description: null,
  secretPrefix: 'whsec_abc…',
  previousSecretExpiresAt: null,
  disabledReason: null,
  disabledAt: null,
  createdAt: '2026-11-21T10:00:00Z',
  updatedAt: '2026-11-21T10:00:00Z',
};

describe('endpoint form', () => {
  it('creating sends application and kind; editing leaves them out (the server refuses to change them)', () => {
    const f = { ...emptyEndpointForm('a1'), url: ' https://hooks.example.com/x ', events: ['request.failed'], description: '  ' };
    expect(formToInput(f, true)).toEqual({ applicationId: 'a1', kind: 'webhook', url: 'https://hooks.example.com/x', events: ['request.failed'], enabled: true, description: null });
    expect(formToInput(endpointToForm(endpoint), false)).toEqual({ url: 'https://hooks.example.com/wfp', events: ['request.completed'], enabled: true, description: null });
  });
  it('e-mail endpoints send one address per line', () => {
    const f = { ...emptyEndpointForm('a1'), kind: 'email' as const, emailTo: 'ops@example.com\n\n risk@example.com ' };
    expect(formToInput(f, true).emailTo).toEqual(['ops@example.com', 'risk@example.com']);
    expect(formToInput(f, true).url).toBeUndefined();
  });
  it('reports a missing application, a bad URL and bad addresses', () => {
    expect(validateEndpointForm(emptyEndpointForm(), true)).toEqual({ applicationId: expect.any(String), url: 'Required.' });
    expect(validateEndpointForm({ ...emptyEndpointForm('a'), url: 'hooks.example.com' }, true).url).toMatch(/absolute/);
    expect(validateEndpointForm({ ...emptyEndpointForm('a'), url: 'ftp://x.example.com' }, true).url).toMatch(/http/);
    expect(validateEndpointForm({ ...emptyEndpointForm('a'), kind: 'email', emailTo: 'not-an-address' }, true).emailTo).toMatch(/e-mail/);
    expect(validateEndpointForm({ ...emptyEndpointForm('a'), kind: 'email', emailTo: '' }, true).emailTo).toMatch(/At least one/);
    expect(validateEndpointForm(endpointToForm(endpoint), false)).toEqual({});
  });
  it('an empty event filter means every event', () => {
    expect(eventsLabel([])).toBe('all events');
    expect(eventsLabel(['request.completed', 'request.failed'])).toBe('request.completed, request.failed');
  });
});

describe('replay range', () => {
  it('turns local times into an ordered ISO range', () => {
    const r = replayRange('2026-11-21T10:00', '2026-11-21T11:30');
    expect(r.ok).toBe(true);
    if (r.ok) expect(new Date(r.to).getTime() - new Date(r.from).getTime()).toBe(90 * 60_000);
  });
  it('needs both ends, from before to', () => {
    expect(replayRange('', '2026-11-21T11:30')).toEqual({ ok: false, error: expect.stringMatching(/both/) });
    expect(replayRange('2026-11-21T11:30', '2026-11-21T11:30')).toEqual({ ok: false, error: expect.stringMatching(/before/) });
    expect(localToIso('nonsense')).toBeNull();
  });
  it('isoToLocal and localToIso round-trip to the minute', () => {
    const iso = '2026-11-21T22:41:00.000Z';
    expect(localToIso(isoToLocal(iso))).toBe(iso);
    expect(isoToLocal('bad')).toBe('');
  });
});

describe('delivery figures', () => {
  const base: Delivery = {
    id: 'd1',
    eventId: 'ev1',
    eventType: 'request.completed',
    endpointId: 'e1',
    channel: 'webhook',
    url: 'https://hooks.example.com/wfp',
    status: 'failed',
    attempts: 2,
    nextAttemptAt: null,
    lastStatusCode: 500,
    lastError: 'HTTP 500',
    deliveredAt: null,
    createdAt: '2026-11-21T10:00:00Z',
    attemptLog: [
      { number: 2, startedAt: '2026-11-21T10:00:05Z', outcome: 'failed', statusCode: 503, latencyMs: 41.5, responseExcerpt: 'busy', error: 'HTTP 503', node: 'n1' },
      { number: 1, startedAt: '2026-11-21T10:00:00Z', outcome: 'retry', statusCode: 500, latencyMs: 12, responseExcerpt: 'oops', error: 'HTTP 500', node: 'n1' },
    ],
  };
  it('come from the last attempt', () => {
    expect(deliveryFigures(base)).toEqual({ statusCode: 503, latencyMs: 41.5, excerpt: 'busy', error: 'HTTP 503' });
  });
  it('fall back to the delivery row without attempts', () => {
    expect(deliveryFigures({ ...base, attemptLog: [] })).toEqual({ statusCode: 500, latencyMs: null, excerpt: null, error: 'HTTP 500' });
  });
});
