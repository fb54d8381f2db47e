-- Draining and retiring hosts (issue 11, docs/operations.md "Draining and retiring a host").

-- Set while the host takes no new clusters; the ones it holds run to their end.
ALTER TABLE host ADD COLUMN drained_at timestamptz;
-- Set when a drained host with no clusters left leaves for good: its token is revoked at the same
-- moment (revoked_at), the scheduler never sees it again, and the row stays for its history.
ALTER TABLE host ADD COLUMN retired_at timestamptz;
