// Typed client for the Admin API (CONTRACTS.md). Every method maps to exactly one endpoint.
import type { WorkflowDefinition } from '../model/definition';
import type { ModuleDescriptor } from '../model/modules';
import { createHttpClient, type HttpClient } from './client';
import type {
  ApiKeyInfo,
  Application,
  ApplicationInput,
  CreatedApiKey,
  Delivery,
  DeliveryFilters,
  DiffResult,
  DryRunResult,
  EndpointInput,
  EndpointWithSecret,
  EventFilters,
  JournalEntry,
  Me,
  NotificationEvent,
  PublishResult,
  RequestFilters,
  RequestDetail,
  RequestPage,
  RequestSummary,
  RotatedSecret,
  SetupStatus,
  ValidationResult,
  WorkflowSummary,
  WorkflowVersion,
  WorkflowVersionInfo,
  WebhookEndpoint,
} from './types';

const enc = encodeURIComponent;

/** The list endpoint may answer a bare array or a page object; both become a RequestPage. */
export function normalizeRequestPage(body: unknown): RequestPage {
  if (Array.isArray(body)) return { items: body as RequestSummary[], total: null };
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const items = (Array.isArray(o.items) ? o.items : Array.isArray(o.requests) ? o.requests : []) as RequestSummary[];
    const total = typeof o.total === 'number' ? o.total : typeof o.totalCount === 'number' ? o.totalCount : null;
    return { items, total };
  }
  return { items: [], total: null };
}

export class AdminApi {
  private readonly http: HttpClient;
  constructor(http: HttpClient) {
    this.http = http;
  }

  // auth + setup
  login(email: string, password: string) {
    return this.http.post<unknown>('/api/admin/auth/login', { email, password });
  }
  logout() {
    return this.http.post<void>('/api/admin/auth/logout');
  }
  me() {
    return this.http.get<Me>('/api/admin/auth/me');
  }
  setupStatus() {
    return this.http.get<SetupStatus>('/api/admin/setup/status');
  }
  setup(input: { token: string; email: string; password: string; workspaceName: string }) {
    return this.http.post<unknown>('/api/admin/setup', input);
  }

  private ws(ws: string, rest: string) {
    return `/api/admin/workspaces/${enc(ws)}/${rest}`;
  }

  // applications + keys
  listApplications(ws: string) {
    return this.http.get<Application[]>(this.ws(ws, 'applications'));
  }
  getApplication(ws: string, id: string) {
    return this.http.get<Application>(this.ws(ws, `applications/${enc(id)}`));
  }
  createApplication(ws: string, input: ApplicationInput) {
    return this.http.post<Application>(this.ws(ws, 'applications'), input);
  }
  updateApplication(ws: string, id: string, input: ApplicationInput) {
    return this.http.put<Application>(this.ws(ws, `applications/${enc(id)}`), input);
  }
  deleteApplication(ws: string, id: string) {
    return this.http.delete(this.ws(ws, `applications/${enc(id)}`));
  }
  listKeys(ws: string, appId: string) {
    return this.http.get<ApiKeyInfo[]>(this.ws(ws, `applications/${enc(appId)}/keys`));
  }
  createKey(ws: string, appId: string, name: string) {
    return this.http.post<CreatedApiKey>(this.ws(ws, `applications/${enc(appId)}/keys`), { name });
  }
  revokeKey(ws: string, appId: string, keyId: string) {
    return this.http.delete(this.ws(ws, `applications/${enc(appId)}/keys/${enc(keyId)}`));
  }

  // modules + workflows
  listModules(ws: string) {
    return this.http.get<ModuleDescriptor[]>(this.ws(ws, 'modules'));
  }
  listWorkflows(ws: string) {
    return this.http.get<WorkflowSummary[]>(this.ws(ws, 'workflows'));
  }
  importWorkflow(ws: string, definition: WorkflowDefinition) {
    return this.http.post<unknown>(this.ws(ws, 'workflows'), definition);
  }
  getWorkflow(ws: string, key: string, version?: number) {
    return this.http.get<WorkflowVersion>(this.ws(ws, `workflows/${enc(key)}`), { version });
  }
  deleteWorkflow(ws: string, key: string) {
    return this.http.delete(this.ws(ws, `workflows/${enc(key)}`));
  }
  saveDraft(ws: string, key: string, definition: WorkflowDefinition) {
    return this.http.put<WorkflowVersion>(this.ws(ws, `workflows/${enc(key)}/draft`), definition);
  }
  validate(ws: string, key: string, definition: WorkflowDefinition) {
    return this.http.post<ValidationResult>(this.ws(ws, `workflows/${enc(key)}/validate`), definition);
  }
  publish(ws: string, key: string) {
    return this.http.post<PublishResult>(this.ws(ws, `workflows/${enc(key)}/publish`));
  }
  versions(ws: string, key: string) {
    return this.http.get<WorkflowVersionInfo[]>(this.ws(ws, `workflows/${enc(key)}/versions`));
  }
  diff(ws: string, key: string, from: number, to: number) {
    return this.http.get<DiffResult>(this.ws(ws, `workflows/${enc(key)}/diff`), { from, to });
  }
  exportWorkflow(ws: string, key: string) {
    return this.http.get<WorkflowDefinition>(this.ws(ws, `workflows/${enc(key)}/export`));
  }
  dryRun(ws: string, key: string, context: unknown, definition?: WorkflowDefinition) {
    return this.http.post<DryRunResult>(this.ws(ws, `workflows/${enc(key)}/dry-run`), { definition, context });
  }

  // webhooks (notification ways)
  listEndpoints(ws: string, applicationId?: string) {
    return this.http.get<WebhookEndpoint[]>(this.ws(ws, 'webhooks/endpoints'), { applicationId });
  }
  getEndpoint(ws: string, id: string) {
    return this.http.get<WebhookEndpoint>(this.ws(ws, `webhooks/endpoints/${enc(id)}`));
  }
  createEndpoint(ws: string, input: EndpointInput) {
    return this.http.post<EndpointWithSecret>(this.ws(ws, 'webhooks/endpoints'), input);
  }
  updateEndpoint(ws: string, id: string, input: EndpointInput) {
    return this.http.put<WebhookEndpoint>(this.ws(ws, `webhooks/endpoints/${enc(id)}`), input);
  }
  deleteEndpoint(ws: string, id: string) {
    return this.http.delete(this.ws(ws, `webhooks/endpoints/${enc(id)}`));
  }
  rotateSecret(ws: string, id: string, overlapSeconds?: number) {
    return this.http.post<RotatedSecret>(this.ws(ws, `webhooks/endpoints/${enc(id)}/rotate-secret`), overlapSeconds === undefined ? {} : { overlapSeconds });
  }
  sendTestEvent(ws: string, id: string) {
    return this.http.post<{ eventId: string; deliveries: number }>(this.ws(ws, `webhooks/endpoints/${enc(id)}/test`));
  }
  endpointDeliveries(ws: string, id: string, f: DeliveryFilters = {}) {
    return this.http.get<Delivery[]>(this.ws(ws, `webhooks/endpoints/${enc(id)}/deliveries`), { ...f });
  }
  replayFailed(ws: string, id: string, from: string, to: string) {
    return this.http.post<{ deliveries: number }>(this.ws(ws, `webhooks/endpoints/${enc(id)}/replay-failed`), { from, to });
  }
  listEvents(ws: string, f: EventFilters = {}) {
    return this.http.get<NotificationEvent[]>(this.ws(ws, 'webhooks/events'), { ...f });
  }
  getEvent(ws: string, eventId: string) {
    return this.http.get<NotificationEvent>(this.ws(ws, `webhooks/events/${enc(eventId)}`));
  }
  replayEvent(ws: string, eventId: string, endpointId?: string) {
    return this.http.post<{ deliveries: number }>(this.ws(ws, `webhooks/events/${enc(eventId)}/replay`), endpointId ? { endpointId } : {});
  }

  // requests
  async listRequests(ws: string, f: RequestFilters = {}): Promise<RequestPage> {
    const body = await this.http.get<unknown>(this.ws(ws, 'requests'), { ...f });
    return normalizeRequestPage(body);
  }
  getRequest(ws: string, id: string) {
    return this.http.get<RequestDetail>(this.ws(ws, `requests/${enc(id)}`));
  }
  journal(ws: string, id: string) {
    return this.http.get<JournalEntry[]>(this.ws(ws, `requests/${enc(id)}/journal`));
  }
  cancelRequest(ws: string, id: string) {
    return this.http.post<RequestSummary>(this.ws(ws, `requests/${enc(id)}/cancel`));
  }
}

let unauthorizedHandler: (() => void) | undefined;
/** The app registers what to do when a session expires (go back to sign-in). */
export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

export const api = new AdminApi(createHttpClient(undefined, () => unauthorizedHandler?.()));
