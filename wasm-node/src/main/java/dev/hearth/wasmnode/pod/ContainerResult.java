package dev.hearth.wasmnode.pod;

import java.time.Instant;
import java.util.Objects;

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

    public boolean succeeded() {
        return exitCode == 0 && reason == null;
    }
}
