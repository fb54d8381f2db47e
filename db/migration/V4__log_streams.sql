-- Live logs and the agent mailbox (issue 5; DESIGN §2, §9): log lines stored per stream, fanned out
-- to every replica by NOTIFY, and messages for agents kept until the replica holding the agent sends them.

-- Messages for a host's agent (AgentMailbox), in order of id; deleted once sent, or once expired.
CREATE TABLE agent_outbox (
    id          bigserial   PRIMARY KEY,
    host_id     uuid        NOT NULL REFERENCES host (id) ON DELETE CASCADE,
    -- The message as the agent protocol's codec encodes it (JSON text).
    message     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX agent_outbox_host_idx ON agent_outbox (host_id, id);
CREATE INDEX agent_outbox_expiry_idx ON agent_outbox (expires_at);

-- One row per log stream: build/<buildId> or pod/<clusterId>/<podUid>/<container>.
CREATE TABLE log_stream (
    stream      text        PRIMARY KEY,
    -- For pod streams: what to ask the agent to follow again after it reconnects.
    cluster_id  text,
    namespace   text,
    pod         text,
    pod_uid     text,
    container   text,
    -- The next line number the store does not hold yet (lines are numbered from 0).
    next_seq    bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- Set by the chunk that carried end=true; retention counts from here.
    ended_at    timestamptz
);
CREATE INDEX log_stream_cluster_idx ON log_stream (cluster_id) WHERE cluster_id IS NOT NULL;
CREATE INDEX log_stream_retention_idx ON log_stream (updated_at);

-- The lines, idempotent by (stream, seq): an agent re-sending a chunk after a reconnect adds nothing.
CREATE TABLE log_line (
    stream  text        NOT NULL REFERENCES log_stream (stream) ON DELETE CASCADE,
    seq     bigint      NOT NULL,
    text    text        NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (stream, seq)
);
