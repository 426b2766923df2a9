// Admin API shapes (CONTRACTS.md "Admin API"; camelCase).
import type { WorkflowDefinition } from '../model/definition';
import type { ValidationIssue } from './client';

export type Role = 'Owner' | 'Admin' | 'Designer' | 'Reviewer' | 'Viewer';

export interface WorkspaceRef {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  id: string;
  email: string;
  workspaces: WorkspaceRef[];
}

export interface SetupStatus {
  setupRequired: boolean;
}

export const VERIFICATION_WAYS = ['link', 'iframe', 'qr', 'email', 'sms'] as const;
export type VerificationWay = (typeof VERIFICATION_WAYS)[number];

export interface Application {
  id: string;
  name: string;
  returnUrl: string | null;
  allowedOrigins: string[];
  defaultLocale: string;
  sessionTtlSeconds: number;
  attempts: number;
  onboardingWorkflow: string | null;
  verificationWorkflow: string | null;
  verificationWays: VerificationWay[];
  notificationDomains: string[];
  createdAt: string;
}

export type ApplicationInput = Omit<Application, 'id' | 'createdAt'>;

export interface ApiKeyInfo {
  id: string;
  prefix: string;
  name: string | null;
  /** `live` or `test` (the key text starts with wfp_live_ / wfp_test_). */
  mode?: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  prefix: string;
  name?: string;
  mode?: string;
  key: string;
}

export interface WorkflowSummary {
  key: string;
  name: string;
  description: string | null;
  draftVersion: number | null;
  publishedVersion: number | null;
  updatedAt: string;
}

export type VersionStatus = 'draft' | 'published';

export interface WorkflowVersion {
  definition: WorkflowDefinition;
  version: number;
  status: VersionStatus;
  hash: string;
  createdAt: string;
  updatedAt?: string;
  publishedAt: string | null;
}

/** An entry of `workflows/{key}/versions`: the version without its body, with who saved and published it. */
export type WorkflowVersionInfo = Omit<WorkflowVersion, 'definition'> & {
  definition?: WorkflowDefinition;
  createdBy?: string | null;
  publishedBy?: string | null;
};

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

export interface PublishResult {
  version: number;
  hash: string;
  publishedAt?: string | null;
}

export interface DiffChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

export interface DiffResult {
  from?: number;
  to?: number;
  changes: DiffChange[];
}

export interface DryRunStep {
  nodeId: string;
  type: string;
  /** ran, skipped, simulated; failed (see errorCode) or suspended (a module that is not simulated would wait). */
  status: 'ran' | 'skipped' | 'simulated' | 'failed' | 'suspended' | (string & {});
  reason: string | null;
  rule: string | null;
  ruleValue: unknown;
  port: string | null;
  outputs: Record<string, unknown> | null;
  errorCode?: string | null;
  error?: string | null;
}

export interface DryRunResult {
  path: DryRunStep[];
  outcome: string | null;
  result: Record<string, unknown> | null;
  /** Where the run ended: completed, failed, awaiting_input, … */
  status?: string;
  errorCode?: string | null;
}

export const REQUEST_STATUSES = ['pending', 'running', 'awaiting_input', 'completed', 'failed', 'expired', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestSummary {
  id: string;
  workflow: string;
  userId: string | null;
  status: RequestStatus;
  outcome?: string | null;
  version?: number | null;
  applicationId?: string | null;
  createdAt: string;
  updatedAt?: string | null;
  expiresAt?: string | null;
  finishedAt?: string | null;
  errorCode?: string | null;
  [extra: string]: unknown;
}

/** A bookmark the request waits on (a capture, a timer); its payload stays on the server. */
export interface RequestBookmark {
  name: string;
  nodeId: string;
  createdAt: string;
  resumeAt: string | null;
  consumedAt: string | null;
  resumeStatus: string | null;
}

/** `GET requests/{id}`: the summary, where it stands, its context (sensitive outputs redacted) and result. */
export interface RequestDetail extends RequestSummary {
  definitionHash?: string;
  currentNodeId?: string | null;
  errorMessage?: string | null;
  recoveryCount?: number;
  request?: Record<string, unknown> | null;
  user?: Record<string, unknown> | null;
  application?: Record<string, unknown> | null;
  modules?: Record<string, Record<string, unknown>> | null;
  result?: Record<string, unknown> | null;
  bookmarks?: RequestBookmark[];
}

export interface RequestPage {
  items: RequestSummary[];
  /** Total matching the filters when the server reports it. */
  total: number | null;
}

export interface RequestFilters {
  status?: string;
  workflow?: string;
  userId?: string;
  from?: string;
  to?: string;
  skip?: number;
  take?: number;
}

export interface JournalEntry {
  sequence: number;
  /** Null for request-level events. */
  nodeId: string | null;
  /** Null for events (cancel, expiry) that are not a module step. */
  moduleType: string | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  /** ran, skipped, suspended, resumed, failed, event, … */
  status: string;
  reason: string | null;
  rule: string | null;
  ruleValue: unknown;
  port: string | null;
  outputs: Record<string, unknown> | null;
  errorCode?: string | null;
  error: string | null;
}

// ---- Webhooks / notification ways (`/api/admin/workspaces/{ws}/webhooks`) -----------------------

export const NOTIFICATION_EVENTS = [
  'request.created',
  'request.awaiting_input',
  'request.completed',
  'request.failed',
  'request.expired',
  'request.cancelled',
  'selfie.registered',
  'user.erased',
] as const;

export type EndpointKind = 'webhook' | 'email';

export interface WebhookEndpoint {
  id: string;
  applicationId: string;
  kind: EndpointKind;
  url: string | null;
  emailTo: string[];
  /** Event types the endpoint wants; empty means every event. */
  events: string[];
  enabled: boolean;
  description: string | null;
  /** The first characters of the signing secret (`whsec_…`); the secret itself is shown only on create and rotate. */
  secretPrefix: string | null;
  previousSecretExpiresAt: string | null;
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointInput {
  applicationId?: string;
  kind?: EndpointKind;
  url?: string | null;
  emailTo?: string[];
  events?: string[];
  enabled?: boolean;
  description?: string | null;
}

export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string | null;
}

export interface RotatedSecret {
  secret: string;
  previousSecretExpiresAt: string | null;
}

export interface DeliveryAttempt {
  number: number;
  startedAt: string;
  /** delivered, failed, retry, … as recorded by the sender. */
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  node: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string | null;
  channel: string;
  url: string | null;
  status: 'pending' | 'delivered' | 'failed' | (string & {});
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: DeliveryAttempt[];
}

export interface NotificationEvent {
  id: string;
  type: string;
  applicationId: string | null;
  requestId: string | null;
  sequence: number;
  createdAt: string;
  payload: unknown;
  /** Present on `GET events/{id}`. */
  deliveries: Delivery[] | null;
}

export interface DeliveryFilters {
  status?: string;
  from?: string;
  to?: string;
  skip?: number;
  take?: number;
}

export interface EventFilters {
  requestId?: string;
  type?: string;
  from?: string;
  to?: string;
  skip?: number;
  take?: number;
}
