package dev.hearth.backend.cluster;

import dev.hearth.backend.cluster.ProvisioningLine.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a cluster's events (docs/architecture.md, "Cluster lifecycle") as the live step list of its page: each step the agent reports
 * starts a line and finishes the one before it, READY finishes the last, FAILED marks the step it
 * names. Events that only annotate (an extension, the agent repeating itself) are left to the full
 * event log; a message that comes with a repeated step is that step's detail (why it waits).
 */
public final class ProvisioningProgress {

    private static final String DELETING = "Deleting cluster";

    private final List<ProvisioningLine> lines = new ArrayList<>();
    private ClusterEventView previous;

    private ProvisioningProgress() {
    }

    /** The lines for {@code events}, oldest first, as the page shows them. */
    public static List<ProvisioningLine> of(List<ClusterEventView> events) {
        ProvisioningProgress progress = new ProvisioningProgress();
        events.forEach(progress::read);
        return List.copyOf(progress.lines);
    }

    private void read(ClusterEventView event) {
        boolean repeat = previous != null && previous.phase() == event.phase()
                && Objects.equals(previous.step(), event.step());
        previous = event;
        if (repeat) {
            // Same phase, same step: a note on what is under way (or an extension, which the event log shows).
            if ((event.phase() == ClusterPhase.PROVISIONING || event.phase() == ClusterPhase.DELETING)
                    && !Objects.equals(event.message(), event.step())) {
                annotateRunning(event.message());
            }
            return;
        }
        switch (event.phase()) {
            case REQUESTED -> {
                stopRunning(event);
                start(event, "Waiting for a host with capacity", null);
            }
            case SCHEDULED -> {
                finishRunning(event);
                fact(event, event.message(), null);
            }
            case PROVISIONING -> {
                if (event.step() == null) {
                    // The agent waits without a step of its own (Docker not answering): say why.
                    if (!annotateRunning(event.message())) {
                        start(event, "Waiting to provision", event.message());
                    }
                    return;
                }
                finishRunning(event);
                start(event, event.step(), Objects.equals(event.message(), event.step()) ? null : event.message());
            }
            case DELETING -> {
                // The backend starts deletion (no step), the agent then reports its own step: one line for both.
                if (!runningLabel(DELETING)) {
                    stopRunning(event);
                    start(event, DELETING, null);
                }
                if (!Objects.equals(event.message(), event.step())) {
                    annotateRunning(event.message());
                }
            }
            case READY -> {
                finishRunning(event);
                fact(event, "Cluster ready", event.message());
            }
            case FAILED -> fail(event);
            case DELETED -> {
                finishRunning(event);
                fact(event, "Deleted", null);
            }
            case LOST -> {
                stopRunning(event);
                lines.add(new ProvisioningLine("Host lost", State.FAILED, event.at(), null, event.message()));
            }
        }
    }

    private void start(ClusterEventView event, String label, String detail) {
        lines.add(new ProvisioningLine(label, State.RUNNING, event.at(), null, detail));
    }

    private void fact(ClusterEventView event, String label, String detail) {
        lines.add(new ProvisioningLine(label, State.DONE, event.at(), null, detail));
    }

    private void fail(ClusterEventView event) {
        int last = lines.size() - 1;
        if (last >= 0 && lines.get(last).running()
                && (event.step() == null || event.step().equals(lines.get(last).label()))) {
            lines.set(last, lines.get(last).finish(State.FAILED, event.at(), event.message()));
            return;
        }
        stopRunning(event);
        lines.add(new ProvisioningLine(event.step() != null ? event.step() : "Provisioning", State.FAILED, event.at(), null,
                event.message()));
    }

    private void finishRunning(ClusterEventView event) {
        end(State.DONE, event);
    }

    private void stopRunning(ClusterEventView event) {
        end(State.STOPPED, event);
    }

    private void end(State state, ClusterEventView event) {
        int last = lines.size() - 1;
        if (last >= 0 && lines.get(last).running()) {
            lines.set(last, lines.get(last).finish(state, event.at(), null));
        }
    }

    /** Whether there was a running line to attach {@code message} to. */
    private boolean annotateRunning(String message) {
        int last = lines.size() - 1;
        if (last < 0 || !lines.get(last).running()) {
            return false;
        }
        if (message != null) {
            lines.set(last, lines.get(last).withDetail(message));
        }
        return true;
    }

    private boolean runningLabel(String label) {
        int last = lines.size() - 1;
        return last >= 0 && lines.get(last).running() && lines.get(last).label().equals(label);
    }
}
