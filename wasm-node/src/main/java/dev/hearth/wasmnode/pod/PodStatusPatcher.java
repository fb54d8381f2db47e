package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.time.Clock;

/** Applies a pod's status (server-side apply on the status subresource) and finishes deletions. */
public final class PodStatusPatcher implements PodDeleter {

    private static final System.Logger LOG = System.getLogger(PodStatusPatcher.class.getName());
    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("hearth-wasm-node").withForce(true).build();

    private final KubernetesClient kubernetes;
    private final PodStatusRenderer renderer;
    private final Clock clock;

    public PodStatusPatcher(KubernetesClient kubernetes, PodStatusRenderer renderer, Clock clock) {
        this.kubernetes = kubernetes;
        this.renderer = renderer;
        this.clock = clock;
    }

    public void patch(PodState state, PodContext pod) {
        Pod status = renderer.render(state, pod, clock.instant());
        try {
            kubernetes.pods().inNamespace(status.getMetadata().getNamespace()).withName(status.getMetadata().getName())
                    .subresource("status").patch(APPLY, status);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return;
            }
            // The next state's patch carries the whole status again, so one lost patch heals itself.
            LOG.log(Level.WARNING, "failed to report pod {0} as {1}: {2}", pod.key(), state.reason(), e.getMessage());
        }
    }

    @Override
    public void deleteNow(Pod pod) {
        try {
            kubernetes.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                LOG.log(Level.WARNING, "failed to finish deleting pod {0}/{1}: {2}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
            }
        }
    }
}
