package dev.hearth.wasmnode.wasi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Everything a WASI module may see: its arguments, environment and preopened directories, and the
 * clock and random source behind {@code clock_time_get} and {@code random_get}. Deny by default — a
 * sandbox built with nothing set gives the module no arguments, no environment, no files and no
 * stdin, the way a pod declares only what its container gets (Chicory's {@code WasiOptions} habit).
 * Immutable: the builder's lists and maps are copied.
 */
public final class WasiSandbox {

    private final List<String> arguments;
    private final Map<String, String> environment;
    private final List<Preopen> preopens;
    private final Clock clock;
    private final Random random;
    private final Optional<Long> maxMemoryBytes;

    private WasiSandbox(Builder builder) {
        this.arguments = List.copyOf(builder.arguments);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.preopens = List.copyOf(builder.preopens.values());
        this.clock = builder.clock;
        this.random = builder.random;
        this.maxMemoryBytes = builder.maxMemoryBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** argv exactly: Kubernetes {@code args} only, no program name in front (as Krustlet did). */
    public List<String> arguments() {
        return arguments;
    }

    /** The environment, in the order it was given. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The preopened directories, in the order they were given (their WASI fds follow it). */
    public List<Preopen> preopens() {
        return preopens;
    }

    public Clock clock() {
        return clock;
    }

    public Random random() {
        return random;
    }

    /** The most linear memory the module may have; empty: what the module itself declares. */
    public Optional<Long> maxMemoryBytes() {
        return maxMemoryBytes;
    }

    /**
     * This sandbox with {@code variables} added to its environment (a later value wins), e.g. a WAGI
     * request's CGI variables over the container's own environment.
     */
    public WasiSandbox withEnvironment(Map<String, String> variables) {
        Builder builder = new Builder();
        builder.arguments.addAll(arguments);
        builder.environment.putAll(environment);
        preopens.forEach(preopen -> builder.preopens.put(preopen.guestPath(), preopen));
        builder.clock = clock;
        builder.random = random;
        builder.maxMemoryBytes = maxMemoryBytes;
        variables.forEach(builder::env);
        return builder.build();
    }

    /** Collects a sandbox's grants; each method adds to what was granted before. */
    public static final class Builder {

        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, Preopen> preopens = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        // Not Chicory's default ThreadLocalRandom: WASI promises random_get is fit for keys and nonces.
        private Random random = new SecureRandom();
        private Optional<Long> maxMemoryBytes = Optional.empty();

        private Builder() {}

        public Builder argument(String argument) {
            arguments.add(Objects.requireNonNull(argument, "argument"));
            return this;
        }

        public Builder arguments(List<String> arguments) {
            arguments.forEach(this::argument);
            return this;
        }

        /**
         * Sets one environment variable; a later value for the same name wins, as with Kubernetes
         * {@code env} entries.
         */
        public Builder env(String name, String value) {
            Objects.requireNonNull(value, "value of " + name);
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + name + " contains a NUL character");
            }
            environment.put(name, value);
            return this;
        }

        /**
         * Lets the module use {@code hostPath} at {@code guestPath}.
         *
         * @throws IllegalArgumentException when {@code hostPath} is not a directory or {@code guestPath}
         *     is already granted
         */
        public Builder preopen(String guestPath, Path hostPath) {
            Preopen preopen = new Preopen(guestPath, hostPath);
            if (!Files.isDirectory(preopen.hostPath())) {
                throw new IllegalArgumentException("cannot preopen " + preopen.hostPath() + " at " + guestPath
                        + ": not a directory");
            }
            if (preopens.putIfAbsent(guestPath, preopen) != null) {
                throw new IllegalArgumentException("guest path " + guestPath + " is preopened twice");
            }
            return this;
        }

        /** The clock the module reads; tests pass a fixed one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The module's random source; tests pass a seeded one. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Caps the module's linear memory (a container's {@code resources.limits.memory}): growing past
         * it fails inside the module, as {@code memory.grow} returning -1.
         */
        public Builder maxMemoryBytes(long bytes) {
            if (bytes < WasiRunner.WASM_PAGE_BYTES) {
                throw new IllegalArgumentException("a memory limit below one wasm page (64 KiB) leaves a module nothing: " + bytes);
            }
            this.maxMemoryBytes = Optional.of(bytes);
            return this;
        }

        public WasiSandbox build() {
            return new WasiSandbox(this);
        }
    }
}
