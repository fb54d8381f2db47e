package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The pod is being deleted and its modules have stopped: the node releases what the pod held and
 * finishes the deletion with grace period 0, so {@code kubectl delete pod} returns promptly.
 */
public record Terminated() implements PodState {

    @Override
    public PodPhase phase() {
        return PodPhase.FAILED;
    }

    @Override
    public String reason() {
        return "Terminated";
    }

    @Override
    public boolean reported() {
        return false;
    }

    @Override
    public Transition next(PodContext pod) {
        ObjectMeta meta = pod.pod().getMetadata();
        pod.sandboxes().unmount(pod.pod());
        pod.logs().removePod(meta.getNamespace(), meta.getName(), meta.getUid());
        pod.deleter().deleteNow(pod.pod());
        return Transition.done();
    }
}
