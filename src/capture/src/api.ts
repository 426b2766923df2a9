/** Client of the enrolment API (CONTRACTS.md, "Enrolment API"). camelCase JSON, Bearer session token. */

export type Step = 'document' | 'face';

export interface Branding {
  name: string | null;
  primaryColor: string | null;
  logoUrl: string | null;
}

export interface CrossDevice {
  url: string;
  qrSvg: string;
}

export interface EnrolmentSession {
  sessionId: string;
  requestId: string | null;
  status: string | null;
  steps: Step[];
  locale: string | null;
  attemptsLeft: number | null;
  maxAttempts: number | null;
  completed: boolean;
  returnUrl: string | null;
  crossDevice: CrossDevice | null;
  branding: Branding;
}

export interface FaceResult {
  hasError: boolean;
  error: string | null;
  attemptsLeft: number | null;
  details: Record<string, unknown> | null;
}

export interface DocumentResult {
  hasError: boolean;
  error: string | null;
  attemptsLeft: number | null;
  isTwoSideDocument: boolean;
  pageSide: string | null;
  country: string | null;
  type: string | null;
}

export interface CompleteResult {
  customerReturnUrl: string | null;
}

/** A failed call: an HTTP error (ProblemDetails `code`), a network failure, or an unreadable answer. */
export class EnrolmentApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message?: string) {
    super(message ?? code);
    this.name = 'EnrolmentApiError';
    this.status = status;
    this.code = code;
  }
}

/** The code for an HTTP status whose body carried none. */
export function codeForStatus(status: number): string {
  if (status === 401 || status === 403) return 'SESSION_UNAUTHORIZED';
  if (status === 409) return 'SESSION_ALREADY_COMPLETED';
  if (status === 413) return 'IMAGE_TOO_LARGE';
  if (status === 415) return 'IMAGE_UNSUPPORTED';
  return 'INTERNAL_ERROR';
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function errorCode(v: unknown): string | null {
  return typeof v === 'string' && CODE_PATTERN.test(v) ? v : null;
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function normalizeSession(raw: unknown): EnrolmentSession {
  const o = obj(raw);
  const sessionId = str(o.sessionId);
  if (!sessionId) throw new EnrolmentApiError(200, 'INTERNAL_ERROR', 'session without sessionId');
  const steps = (Array.isArray(o.steps) ? o.steps : []).filter(
    (s): s is Step => s === 'document' || s === 'face',
  );
  // Document always comes before the face, whatever order the server listed them in.
  const ordered: Step[] = (['document', 'face'] as const).filter((s) => steps.includes(s));
  const cd = obj(o.crossDevice);
  const b = obj(o.branding);
  return {
    sessionId,
    requestId: str(o.requestId),
    status: str(o.status),
    steps: ordered.length > 0 ? ordered : ['face'],
    locale: str(o.locale),
    attemptsLeft: num(o.attemptsLeft),
    maxAttempts: num(o.maxAttempts),
    completed: o.completed === true,
    returnUrl: str(o.returnUrl),
    crossDevice: str(cd.url) && str(cd.qrSvg) ? { url: cd.url as string, qrSvg: cd.qrSvg as string } : null,
    branding: { name: str(b.name), primaryColor: str(b.primaryColor), logoUrl: str(b.logoUrl) },
  };
}

function normalizeFace(raw: unknown): FaceResult {
  const o = obj(raw);
  const hasError = o.hasError === true;
  return {
    hasError,
    error: hasError ? (errorCode(o.error) ?? 'INTERNAL_ERROR') : null,
    attemptsLeft: num(o.attemptsLeft),
    details: o.details && typeof o.details === 'object' ? (o.details as Record<string, unknown>) : null,
  };
}

function normalizeDocument(raw: unknown): DocumentResult {
  const o = obj(raw);
  const hasError = o.hasError === true;
  return {
    hasError,
    error: hasError ? (errorCode(o.error) ?? 'INTERNAL_ERROR') : null,
    attemptsLeft: num(o.attemptsLeft),
    isTwoSideDocument: o.isTwoSideDocument === true,
    pageSide: str(o.pageSide),
    country: str(o.country),
    type: str(o.type),
  };
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface EnrolmentApiOptions {
  baseUrl?: string;
  fetch?: FetchLike;
  /** Milliseconds before a call is abandoned as a network error. */
  timeoutMs?: number;
}

export class EnrolmentApi {
  private readonly token: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(token: string, options: EnrolmentApiOptions = {}) {
    this.token = token;
    this.baseUrl = (options.baseUrl ?? '/api/v1/enrolment').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async getSession(): Promise<EnrolmentSession> {
    return normalizeSession(await this.call('GET', '/session'));
  }

  /** `imageBase` is a data URL (`data:image/jpeg;base64,…`). */
  async submitFace(imageBase: string): Promise<FaceResult> {
    return normalizeFace(await this.call('POST', '/face', { imageBase }));
  }

  async submitDocument(imageBase: string): Promise<DocumentResult> {
    return normalizeDocument(await this.call('POST', '/document', { imageBase }));
  }

  async complete(): Promise<CompleteResult> {
    const o = obj(await this.call('POST', '/complete', {}));
    const hasError = o.hasError === true;
    if (hasError) throw new EnrolmentApiError(200, errorCode(o.error) ?? 'INTERNAL_ERROR');
    return { customerReturnUrl: str(o.customerReturnUrl) };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json, application/problem+json',
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (e) {
      throw new EnrolmentApiError(0, 'NETWORK_ERROR', e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }

    let parsed: unknown = null;
    const text = await response.text().catch(() => '');
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }

    if (!response.ok) {
      const problem = obj(parsed);
      const code = errorCode(problem.code) ?? errorCode(problem.error) ?? codeForStatus(response.status);
      throw new EnrolmentApiError(response.status, code, str(problem.detail) ?? str(problem.title) ?? undefined);
    }
    if (parsed === null) throw new EnrolmentApiError(response.status, 'INTERNAL_ERROR', 'response is not JSON');
    return parsed;
  }
}
