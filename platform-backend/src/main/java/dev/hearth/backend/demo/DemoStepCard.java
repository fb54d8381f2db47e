package dev.hearth.backend.demo;

import java.time.Instant;

/**
 * One of the guided demo's seven steps (docs/guided-demo.md) as its card on the page shows it: its state in
 * words and colour, what the system last saw, the commands that do the same by hand, and which
 * action a Retry repeats.
 *
 * @param state  LOCKED, READY, RUNNING, DONE or FAILED
 * @param detail what the system saw (a failure's reason, the exit code, the digest), or null
 * @param cli    the equivalent commands with the participant's names filled in, or null
 * @param retry  the action Retry repeats ({@code cluster}, {@code build}, {@code run}), or null where a step cannot fail
 */
public record DemoStepCard(int number, String title, String state, String detail, Instant at, String cli, String retry) {

    public String stateLabel() {
        return switch (state) {
            case "LOCKED" -> "Locked";
            // Not "Ready": beside a cluster, that word means the cluster is up.
            case "READY" -> "To do";
            case "RUNNING" -> "Running";
            case "DONE" -> "Done";
            case "FAILED" -> "Failed";
            default -> state;
        };
    }

    /** Badge colour, as the cluster phases use them: ok, info, bad, or plain. */
    public String tone() {
        return switch (state) {
            case "DONE" -> "ok";
            case "READY" -> "info";
            case "RUNNING" -> "warn";
            case "FAILED" -> "bad";
            default -> "plain";
        };
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }

    public boolean failed() {
        return "FAILED".equals(state);
    }

    public boolean locked() {
        return "LOCKED".equals(state);
    }

    /** Retry is offered only where the step failed and something can be repeated. */
    public boolean retryable() {
        return failed() && retry != null;
    }
}
