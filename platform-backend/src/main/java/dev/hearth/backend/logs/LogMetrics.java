package dev.hearth.backend.logs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code hearth_log_followers} on /q/metrics: live log followers this replica serves (SSE streams of logs). */
@ApplicationScoped
public class LogMetrics {

    private final MeterRegistry registry;
    private final LogStreams logs;

    public LogMetrics(MeterRegistry registry, LogStreams logs) {
        this.registry = registry;
        this.logs = logs;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("hearth.log.followers", logs, LogStreams::followerCount)
                .description("Log stream followers served by this replica")
                .register(registry);
    }
}
