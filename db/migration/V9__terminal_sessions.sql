-- Issue 13: browser terminals (docs/portal.md, "Terminal"). One row per open terminal socket, on any
-- replica: the limits per user and per host count the open ones, and a participant's page shows who is
-- watching from the watchers' open rows. The audit log keeps who opened, closed and watched what.
CREATE TABLE terminal_session (
    id          uuid        PRIMARY KEY,
    cluster_id  text        NOT NULL,
    host_id     uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES app_user (id),
    username    text        NOT NULL,
    -- A read-only view of another person's terminal (a classroom's instructor).
    watch       boolean     NOT NULL,
    opened_at   timestamptz NOT NULL,
    -- Renewed by the replica holding the socket while it is open; a row not renewed for a while belongs to
    -- a replica that died, and no longer counts.
    seen_at     timestamptz NOT NULL,
    closed_at   timestamptz
);
CREATE INDEX terminal_session_open_idx ON terminal_session (cluster_id) WHERE closed_at IS NULL;
CREATE INDEX terminal_session_user_idx ON terminal_session (user_id) WHERE closed_at IS NULL;
