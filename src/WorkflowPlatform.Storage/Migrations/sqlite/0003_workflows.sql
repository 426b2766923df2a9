-- Workflow engine: definition versions, definition snapshots, instances (requests), bookmarks,
-- journal, built-in imports. Forward-only. Timestamps are UTC ticks (INTEGER), as in 0001.

CREATE TABLE workflow_definitions (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NULL,
    definition_json TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    published_at INTEGER NULL,
    created_by TEXT NULL,
    published_by TEXT NULL,
    PRIMARY KEY (workspace_id, key, version)
);

CREATE TABLE workflow_snapshots (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    definition_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, hash)
);

CREATE TABLE workflow_instances (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    definition_key TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    definition_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NULL,
    user_id TEXT NULL,
    application_id TEXT NULL,
    current_node_id TEXT NULL,
    context_json TEXT NOT NULL,
    error_code TEXT NULL,
    error_message TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NULL,
    finished_at INTEGER NULL,
    active_bookmark TEXT NULL,
    recovery_count INTEGER NOT NULL,
    journal_count INTEGER NOT NULL,
    concurrency_version INTEGER NOT NULL,
    lease_owner TEXT NULL
);
-- Admin list (newest first, optionally by workflow, user or status).
CREATE INDEX ix_workflow_instances_workspace_created ON workflow_instances (workspace_id, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_key_created ON workflow_instances (workspace_id, definition_key, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_user_created ON workflow_instances (workspace_id, user_id, created_at DESC);
CREATE INDEX ix_workflow_instances_workspace_status_created ON workflow_instances (workspace_id, status, created_at DESC);
-- Sweeper: abandoned running instances, and unfinished instances past their TTL. Partial, so they stay small.
CREATE INDEX ix_workflow_instances_running_updated ON workflow_instances (updated_at) WHERE status = 'running';
CREATE INDEX ix_workflow_instances_open_expires ON workflow_instances (expires_at)
    WHERE expires_at IS NOT NULL AND status IN ('pending', 'running', 'awaiting_input');

CREATE TABLE workflow_bookmarks (
    instance_id TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    resume_at INTEGER NULL,
    consumed_at INTEGER NULL,
    consumed_by TEXT NULL,
    resume_status TEXT NULL,
    resume_outcome TEXT NULL,
    PRIMARY KEY (instance_id, name)
);

CREATE TABLE workflow_journal (
    instance_id TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    workspace_id TEXT NOT NULL,
    node_id TEXT NULL,
    module_type TEXT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    rule TEXT NULL,
    rule_value_json TEXT NULL,
    port TEXT NULL,
    outputs_json TEXT NULL,
    error_code TEXT NULL,
    error TEXT NULL,
    PRIMARY KEY (instance_id, sequence)
);

CREATE TABLE workflow_builtins (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    hash TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    published_at INTEGER NULL,
    PRIMARY KEY (workspace_id, key)
);
