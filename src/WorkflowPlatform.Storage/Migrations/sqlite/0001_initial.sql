-- Platform foundation: admin identity, workspaces, members, applications, API keys, audit.
-- Forward-only. Timestamps are stored as UTC ticks (INTEGER) so they sort and compare in SQL.

CREATE TABLE admin_users (
    id TEXT NOT NULL PRIMARY KEY,
    user_name TEXT NULL,
    normalized_user_name TEXT NULL,
    email TEXT NULL,
    normalized_email TEXT NULL,
    email_confirmed INTEGER NOT NULL,
    password_hash TEXT NULL,
    security_stamp TEXT NULL,
    concurrency_stamp TEXT NULL,
    phone_number TEXT NULL,
    phone_number_confirmed INTEGER NOT NULL,
    two_factor_enabled INTEGER NOT NULL,
    lockout_end INTEGER NULL,
    lockout_enabled INTEGER NOT NULL,
    access_failed_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_admin_users_normalized_user_name ON admin_users (normalized_user_name);
CREATE INDEX ix_admin_users_normalized_email ON admin_users (normalized_email);

CREATE TABLE admin_roles (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NULL,
    normalized_name TEXT NULL,
    concurrency_stamp TEXT NULL
);
CREATE UNIQUE INDEX ix_admin_roles_normalized_name ON admin_roles (normalized_name);

CREATE TABLE admin_user_roles (
    user_id TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES admin_roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE admin_role_claims (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    role_id TEXT NOT NULL REFERENCES admin_roles (id) ON DELETE CASCADE,
    claim_type TEXT NULL,
    claim_value TEXT NULL
);

CREATE TABLE admin_user_claims (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    claim_type TEXT NULL,
    claim_value TEXT NULL
);

CREATE TABLE admin_user_logins (
    login_provider TEXT NOT NULL,
    provider_key TEXT NOT NULL,
    provider_display_name TEXT NULL,
    user_id TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    PRIMARY KEY (login_provider, provider_key)
);

CREATE TABLE admin_user_tokens (
    user_id TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    login_provider TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NULL,
    PRIMARY KEY (user_id, login_provider, name)
);

CREATE TABLE workspaces (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE workspace_members (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX ix_workspace_members_user_id ON workspace_members (user_id);

CREATE TABLE applications (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    return_url TEXT NULL,
    allowed_origins TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    session_ttl_seconds INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    onboarding_workflow TEXT NULL,
    verification_workflow TEXT NULL,
    verification_ways TEXT NOT NULL,
    notification_domains TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_applications_workspace_id ON applications (workspace_id);

CREATE TABLE api_keys (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mode TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NULL,
    revoked_at INTEGER NULL
);
CREATE UNIQUE INDEX ix_api_keys_hash ON api_keys (hash);
CREATE INDEX ix_api_keys_application_id ON api_keys (application_id);
CREATE INDEX ix_api_keys_workspace_id ON api_keys (workspace_id);

CREATE TABLE audit_entries (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    actor_id TEXT NULL,
    actor_email TEXT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT NULL,
    after_json TEXT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ix_audit_entries_workspace_id_at ON audit_entries (workspace_id, at);

CREATE TABLE data_protection_keys (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NULL,
    xml TEXT NOT NULL
);
