// Fetch wrapper for the same-origin admin API: cookies, JSON, and ProblemDetails → ApiError with its code.

export interface ValidationIssue {
  nodeId: string | null;
  field: string | null;
  message: string;
  line?: number | null;
  column?: number | null;
  code?: string | null;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]> | ValidationIssue[];
  [extension: string]: unknown;
}

const FALLBACK_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | null;
  /** Field → messages, from ProblemDetails `errors` when it is a map. */
  readonly fieldErrors: Record<string, string[]>;
  /** Workflow validation issues, when `errors` is a list (publish → 422). */
  readonly issues: ValidationIssue[];

  constructor(status: number, code: string, title: string, detail: string | null, fieldErrors: Record<string, string[]> = {}, issues: ValidationIssue[] = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.issues = issues;
  }
}

export function fallbackCode(status: number): string {
  if (FALLBACK_CODES[status]) return FALLBACK_CODES[status];
  return status >= 500 ? 'SERVER_ERROR' : `HTTP_${status}`;
}

function isIssue(v: unknown): v is ValidationIssue {
  return typeof v === 'object' && v !== null && typeof (v as ValidationIssue).message === 'string';
}

/** Builds an ApiError from a failed response's status and (possibly absent or non-JSON) body. */
export function problemToError(status: number, statusText: string, body: unknown): ApiError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : null;
    return new ApiError(status, fallbackCode(status), statusText || `HTTP ${status}`, text);
  }
  const p = body as ProblemDetails;
  const code = typeof p.code === 'string' && p.code ? p.code : fallbackCode(status);
  const title = typeof p.title === 'string' && p.title ? p.title : statusText || `HTTP ${status}`;
  const detail = typeof p.detail === 'string' && p.detail ? p.detail : null;
  const fieldErrors: Record<string, string[]> = {};
  let issues: ValidationIssue[] = [];
  if (Array.isArray(p.errors)) {
    issues = p.errors.filter(isIssue);
  } else if (p.errors && typeof p.errors === 'object') {
    for (const [k, v] of Object.entries(p.errors)) {
      if (Array.isArray(v)) fieldErrors[k] = v.map(String);
      else if (typeof v === 'string') fieldErrors[k] = [v];
    }
  }
  return new ApiError(status, code, title, detail, fieldErrors, issues);
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpClient {
  get<T>(path: string, query?: Record<string, string | number | undefined | null>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
}

export function buildQuery(query?: Record<string, string | number | undefined | null>): string {
  if (!query) return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export function createHttpClient(fetchImpl: FetchLike = (i, init) => fetch(i, init), onUnauthorized?: () => void): HttpClient {
  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached', e instanceof Error ? e.message : null);
    }
    const text = res.status === 204 ? '' : await res.text();
    let parsed: unknown = text;
    const type = res.headers.get('content-type') ?? '';
    if (text && type.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (res.ok) throw new ApiError(res.status, 'INVALID_RESPONSE', 'The server sent malformed JSON', null);
      }
    }
    if (!res.ok) {
      const err = problemToError(res.status, res.statusText, parsed);
      if (res.status === 401 && onUnauthorized) onUnauthorized();
      throw err;
    }
    return (text ? parsed : undefined) as T;
  }
  return {
    get: (path, query) => send('GET', path + buildQuery(query)),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    delete: (path) => send('DELETE', path),
  };
}
