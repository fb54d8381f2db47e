package dev.hearth.wasmnode.pod;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Drives one pod through its states on its own thread: reports each state, lets it work, checks the
 * edge it chose against {@link PodTransitions}, until the pod is done here.
 */
final class PodWorker implements Runnable {

    private static final System.Logger LOG = System.getLogger(PodWorker.class.getName());

    private final PodContext pod;
    private final PodStatusPatcher patcher;
    private final Runnable onDone;

    PodWorker(PodContext pod, PodStatusPatcher patcher, Runnable onDone) {
        this.pod = pod;
        this.patcher = patcher;
        this.onDone = onDone;
    }

    PodContext context() {
        return pod;
    }

    @Override
    public void run() {
        PodState state = new Registered();
        try {
            while (true) {
                if (PodTransitions.quick(state) && pod.stopped().isDone()) {
                    state = move(state, PodTransitions.stoppedBefore(pod.stopped().join()));
                    continue;
                }
                if (state.reported()) {
                    patcher.patch(state, pod);
                }
                if (!(state.next(pod) instanceof Transition.Next(PodState next))) {
                    break;
                }
                state = move(state, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "pod " + pod.key() + " failed in state " + state.getClass().getSimpleName(), e);
            patcher.patch(new Failed("NodeError", "the WASI node failed running this pod: " + e.getMessage(), List.of()), pod);
        } finally {
            pod.sandboxes().finished(pod.pod());
            onDone.run();
        }
    }

    private PodState move(PodState from, PodState to) {
        PodTransitions.check(from, to);
        LOG.log(Level.DEBUG, "pod {0}: {1} -> {2}", pod.key(), from.getClass().getSimpleName(), to.getClass().getSimpleName());
        return to;
    }
}
