package dev.hearth.wasmnode.pod;

import java.time.Duration;
import java.util.Objects;

/**
 * The pod lifecycle's tunables (docs/architecture.md, "Conventions": configuration, not literals in states).
 *
 * @param crashLoop back-off between restarts of a pod's containers
 * @param imagePull back-off between failed image pulls
 * @param stopGrace how long a stopped module may take to notice it was interrupted
 */
public record PodSettings(BackoffPolicy crashLoop, BackoffPolicy imagePull, Duration stopGrace) {

    public PodSettings {
        Objects.requireNonNull(crashLoop, "crashLoop");
        Objects.requireNonNull(imagePull, "imagePull");
        Objects.requireNonNull(stopGrace, "stopGrace");
    }
}
