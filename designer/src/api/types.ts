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
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  prefix: string;
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
  publishedAt: string | null;
}

/** An entry of `workflows/{key}/versions`; the definition may or may not be included. */
export type WorkflowVersionInfo = Omit<WorkflowVersion, 'definition'> & { definition?: WorkflowDefinition };

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
}

export interface PublishResult {
  version: number;
  hash: string;
}

export interface DiffChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

export interface DiffResult {
  changes: DiffChange[];
}

export interface DryRunStep {
  nodeId: string;
  type: string;
  status: 'ran' | 'skipped' | 'simulated';
  reason: string | null;
  rule: string | null;
  ruleValue: unknown;
  port: string | null;
  outputs: Record<string, unknown> | null;
}

export interface DryRunResult {
  path: DryRunStep[];
  outcome: string | null;
  result: Record<string, unknown> | null;
}

export const REQUEST_STATUSES = ['pending', 'running', 'awaiting_input', 'completed', 'failed', 'expired', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestSummary {
  id: string;
  workflow: string;
  userId: string;
  status: RequestStatus;
  outcome?: string | null;
  version?: number | null;
  applicationId?: string | null;
  createdAt: string;
  updatedAt?: string | null;
  completedAt?: string | null;
  [extra: string]: unknown;
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
  nodeId: string;
  moduleType: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  status: string;
  reason: string | null;
  rule: string | null;
  ruleValue: unknown;
  port: string | null;
  outputs: Record<string, unknown> | null;
  error: string | null;
}
