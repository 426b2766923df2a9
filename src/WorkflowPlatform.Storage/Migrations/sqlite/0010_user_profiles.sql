-- User profiles (registered face template + kept photo key) and erasure receipts.
-- Forward-only. Timestamps are UTC ticks (INTEGER).

CREATE TABLE user_profiles (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    template BLOB NULL,
    template_model TEXT NULL,
    photo_key TEXT NULL,
    registered_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_user_profiles_workspace_id_user_id ON user_profiles (workspace_id, user_id);

CREATE TABLE user_erasures (
    id TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    templates_deleted INTEGER NOT NULL,
    photos_deleted INTEGER NOT NULL,
    erased_at INTEGER NOT NULL
);
CREATE INDEX ix_user_erasures_workspace_id_user_id ON user_erasures (workspace_id, user_id);
