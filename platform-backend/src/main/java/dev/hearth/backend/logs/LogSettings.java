package dev.hearth.backend.logs;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits and retention of live logs ({@code hearth.logs.*}; docs/logs.md). */
@ConfigMapping(prefix = "hearth.logs")
public interface LogSettings {

    /** Lines a stream keeps; the line after the last is a marker saying the rest was cut. */
    @WithDefault("100000")
    int maxLinesPerStream();

    /**
     * Bytes (UTF-8) the streams of one person's clusters and builds hold together; past it a stream
     * gets a line saying so and stores nothing more, until retention frees room for new streams
     * (docs/security.md, "Limits per user and per host").
     */
    @WithDefault("256M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBytesPerPerson();

    /** Characters a line keeps; longer ones are cut and marked. */
    @WithDefault("4096")
    int maxLineLength();

    /**
     * Log chunks of one host waiting to be stored ({@link ChunkIntake}); past it, chunks are stored on
     * the agent connection's thread, slowing that agent down rather than losing lines.
     */
    @WithDefault("2000")
    int intakeQueue();

    /** Lines waiting for one slow subscriber before it falls back to reading the table. */
    @WithDefault("512")
    int subscriberBuffer();

    /**
     * How long a follower of an ended stream waits for lines stored after the end (a backlog of an
     * agent's old connection still being stored) before it completes without them.
     */
    @WithDefault("15s")
    Duration endGrace();

    /** How long an ended stream's lines are kept. */
    @WithDefault("24h")
    Duration retention();

    /** How long a stream that never ended is kept after its last line (its follower is long gone). */
    @WithDefault("7d")
    Duration idleRetention();

    /** How often old streams are deleted (read by LogRetention's @Scheduled; "off" in tests). */
    @WithDefault("10m")
    String purgeEvery();

    /**
     * How long a chunk that could not be stored because PostgreSQL is away is tried again (in order, the
     * host's later chunks waiting behind it) before it is given up: a restart must lose no line.
     */
    @WithDefault("60s")
    Duration intakeRetryFor();
}
