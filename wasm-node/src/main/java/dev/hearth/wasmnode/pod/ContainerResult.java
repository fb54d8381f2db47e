package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one run of a container ended, as its {@code state.terminated} shows it.
 *
 * @param container the container's name
 * @param exitCode what kubectl shows as {@code ExitCode:N}
 * @param reason empty when the module simply exited — so kubectl shows {@code ExitCode:N} as with
 *     Krustlet — or why the node ended it ({@code Error} for a trap, {@code DeadlineExceeded}, …)
 * @param message details for {@code kubectl describe}, may be null
 */
public record ContainerResult(String container, int exitCode, String reason, String message, Instant startedAt,
        Instant finishedAt) {

    public ContainerResult {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** A run the API server recorded (e.g. before the node restarted), when it carries its times. */
    static Optional<ContainerResult> of(String container, ContainerStateTerminated terminated) {
        if (terminated.getStartedAt() == null || terminated.getFinishedAt() == null) {
            return Optional.empty();
        }
        return Optional.of(new ContainerResult(container, terminated.getExitCode() == null ? 0 : terminated.getExitCode(),
                terminated.getReason(), terminated.getMessage(), Instant.parse(terminated.getStartedAt()),
                Instant.parse(terminated.getFinishedAt())));
    }

    public boolean succeeded() {
        return exitCode == 0 && reason == null;
    }
}
