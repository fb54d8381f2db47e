-- Web apps (issue 14): links an owner makes to let anyone open one app of theirs, signed out, until the
-- link expires. Only the token's SHA-256 is kept (the link is shown once); a link dies with its cluster:
-- it is checked against the cluster being READY at each use, and removed with the cluster's row.
CREATE TABLE app_share_link (
    token_sha256  text        PRIMARY KEY,
    cluster_id    text        NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    owner_id      uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    namespace     text        NOT NULL,
    service       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX app_share_link_cluster_idx ON app_share_link (cluster_id);
