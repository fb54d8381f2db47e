package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bookkeeping of a pod's init containers on the node, which the renderer turns into
 * {@code initContainerStatuses}: how many have completed (in order; once all have, they are not run
 * again when the app containers restart, as with a kubelet), each one's latest and previous run, and
 * each one's own restart count. Used by the pod's one worker thread only.
 */
public final class InitContainers {

    private int completed;
    private final Map<String, ContainerResult> latest = new HashMap<>();
    private final Map<String, ContainerResult> previous = new HashMap<>();
    private final Map<String, Integer> restarts = new HashMap<>();

    /** The pod's {@code spec.initContainers}, in the order they run. */
    public static List<Container> of(Pod pod) {
        List<Container> init = pod.getSpec().getInitContainers();
        return init == null ? List.of() : init;
    }

    /** How many init containers, from the first, have run to completion. */
    public int completed() {
        return completed;
    }

    void completed(int count) {
        this.completed = count;
    }

    /** An init container's run ended with {@code result}; its run before becomes the previous one. */
    void ended(ContainerResult result) {
        ContainerResult before = latest.put(result.container(), result);
        if (before != null) {
            previous.put(result.container(), before);
        }
    }

    /** How the init container's latest run ended, if it ran. */
    public Optional<ContainerResult> latest(String container) {
        return Optional.ofNullable(latest.get(container));
    }

    /** How the run before its latest ended, if there was one. */
    public Optional<ContainerResult> previous(String container) {
        return Optional.ofNullable(previous.get(container));
    }

    /** How many times the init container was started again after failing. */
    public int restarts(String container) {
        return restarts.getOrDefault(container, 0);
    }

    void restarted(String container) {
        restarts.merge(container, 1, Integer::sum);
    }
}
