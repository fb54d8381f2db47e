-- What the operator enrolled a host with (issue 10, M4): the ceiling of what its agent's Hello may
-- claim. memory_mib, cpu_millis and max_clusters stay what the scheduler uses: the agent's claim,
-- bounded by these.
ALTER TABLE host ADD COLUMN enrolled_memory_mib integer;
ALTER TABLE host ADD COLUMN enrolled_cpu_millis integer;
ALTER TABLE host ADD COLUMN enrolled_max_clusters integer;
UPDATE host SET enrolled_memory_mib = memory_mib, enrolled_cpu_millis = cpu_millis, enrolled_max_clusters = max_clusters;
ALTER TABLE host ALTER COLUMN enrolled_memory_mib SET NOT NULL;
ALTER TABLE host ALTER COLUMN enrolled_cpu_millis SET NOT NULL;
ALTER TABLE host ALTER COLUMN enrolled_max_clusters SET NOT NULL;
