-- Agent channel, scheduling and cluster lifecycle (issue 3, DESIGN §6, §9, §10).

-- A host whose token was revoked can no longer connect; the row stays for its history.
ALTER TABLE host ADD COLUMN revoked_at timestamptz;
-- What the agent last reported in a heartbeat (actual use, next to what the scheduler hands out).
ALTER TABLE host ADD COLUMN usage_memory_mib integer;
ALTER TABLE host ADD COLUMN usage_cpu_millis integer;
ALTER TABLE host ADD COLUMN usage_clusters integer;

-- The memory the scheduler set aside for the cluster on its host, fixed when it was placed, so a
-- later change of the planning default does not make hosts look more or less full than they are.
ALTER TABLE cluster ADD COLUMN memory_mib integer NOT NULL DEFAULT 0;

-- A host's desired set and its load are read on every connect, notification and scheduling pass.
CREATE INDEX cluster_host_idx ON cluster (host_id, phase) WHERE host_id IS NOT NULL;
