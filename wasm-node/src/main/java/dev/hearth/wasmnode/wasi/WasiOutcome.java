package dev.hearth.wasmnode.wasi;

/** How a run of a module ended. */
public sealed interface WasiOutcome {

    /**
     * The module finished: {@code _start} returned (status 0) or it called {@code proc_exit(status)}.
     *
     * @param status the exit status, what kubectl shows as {@code ExitCode}
     */
    record Exited(int status) implements WasiOutcome {}

    /**
     * The module hit a WebAssembly trap ({@code unreachable}, an out-of-bounds access, a division by
     * zero, a stack overflow …) and was stopped.
     *
     * @param reason what trapped, readable in a pod's status
     */
    record Trapped(String reason) implements WasiOutcome {}

    /**
     * The run was stopped from outside by interrupting its thread — the way a deleted pod or a passed
     * deadline ends a module that would not end by itself. The thread stays interrupted.
     */
    record Interrupted() implements WasiOutcome {}
}
