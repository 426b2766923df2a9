// Pure helpers for the webhooks screens: the endpoint form ⇄ the API's input, the replay time range, delivery figures.
import type { Delivery, DeliveryAttempt, EndpointInput, EndpointKind, WebhookEndpoint } from '../api/types';

export interface EndpointForm {
  applicationId: string;
  kind: EndpointKind;
  url: string;
  /** One address per line. */
  emailTo: string;
  /** Chosen event types; empty = every event. */
  events: string[];
  enabled: boolean;
  description: string;
}

export function emptyEndpointForm(applicationId = ''): EndpointForm {
  return { applicationId, kind: 'webhook', url: '', emailTo: '', events: [], enabled: true, description: '' };
}

export function endpointToForm(e: WebhookEndpoint): EndpointForm {
  return {
    applicationId: e.applicationId,
    kind: e.kind,
    url: e.url ?? '',
    emailTo: e.emailTo.join('\n'),
    events: [...e.events],
    enabled: e.enabled,
    description: e.description ?? '',
  };
}

/** Field → message for what the server would refuse anyway; checked before the round trip. */
export function validateEndpointForm(f: EndpointForm, creating: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (creating && !f.applicationId) errors.applicationId = 'Choose the application whose requests this endpoint hears about.';
  if (f.kind === 'webhook') {
    const url = f.url.trim();
    if (!url) errors.url = 'Required.';
    else {
      try {
        const u = new URL(url);
        if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.url = 'Only http and https URLs.';
      } catch {
        errors.url = 'Must be an absolute URL (https://…).';
      }
    }
  } else if (lines(f.emailTo).length === 0) errors.emailTo = 'At least one address.';
  else if (lines(f.emailTo).some((a) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a))) errors.emailTo = 'One e-mail address per line.';
  if (f.description.length > 500) errors.description = 'At most 500 characters.';
  return errors;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The body of POST (creating) or PUT: kind and application only on create, since the server refuses to change them. */
export function formToInput(f: EndpointForm, creating: boolean): EndpointInput {
  const input: EndpointInput = { events: [...f.events], enabled: f.enabled, description: f.description.trim() || null };
  if (creating) {
    input.applicationId = f.applicationId;
    input.kind = f.kind;
  }
  if (f.kind === 'webhook') input.url = f.url.trim();
  else input.emailTo = lines(f.emailTo);
  return input;
}

export function eventsLabel(events: readonly string[]): string {
  return events.length === 0 ? 'all events' : events.join(', ');
}

/** A `datetime-local` value (the browser's local time) as an ISO instant, or null when empty or invalid. */
export function localToIso(local: string): string | null {
  if (!local.trim()) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's time zone (minutes precision). */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export type ReplayRange = { ok: true; from: string; to: string } | { ok: false; error: string };

/** The half-open range `[from, to)` for "replay failed deliveries"; both ends required, from before to. */
export function replayRange(fromLocal: string, toLocal: string): ReplayRange {
  const from = localToIso(fromLocal);
  const to = localToIso(toLocal);
  if (!from || !to) return { ok: false, error: 'Choose both ends of the time range.' };
  if (new Date(to) <= new Date(from)) return { ok: false, error: '“From” must be before “To”.' };
  return { ok: true, from, to };
}

export function lastAttempt(d: Delivery): DeliveryAttempt | null {
  let last: DeliveryAttempt | null = null;
  for (const a of d.attemptLog ?? []) if (!last || a.number > last.number) last = a;
  return last;
}

/** What one row of the delivery log says: HTTP status, latency of the last attempt, and its excerpt or error. */
export function deliveryFigures(d: Delivery): { statusCode: number | null; latencyMs: number | null; excerpt: string | null; error: string | null } {
  const a = lastAttempt(d);
  return {
    statusCode: a?.statusCode ?? d.lastStatusCode ?? null,
    latencyMs: a ? a.latencyMs : null,
    excerpt: a?.responseExcerpt ?? null,
    error: a?.error ?? d.lastError ?? null,
  };
}
