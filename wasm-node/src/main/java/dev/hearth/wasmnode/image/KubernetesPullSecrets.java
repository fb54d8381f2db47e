package dev.hearth.wasmnode.image;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A pod's {@code imagePullSecrets}, read from the API server as the node. As the kubelet does, a
 * secret that is missing or of another type is skipped (the pull may still work without it) and
 * logged.
 */
public final class KubernetesPullSecrets {

    private static final System.Logger LOG = System.getLogger(KubernetesPullSecrets.class.getName());

    private final KubernetesClient kubernetes;

    public KubernetesPullSecrets(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
    }

    public PullSecrets forPod(Pod pod) {
        List<LocalObjectReference> references = pod.getSpec().getImagePullSecrets();
        if (references == null || references.isEmpty()) {
            return PullSecrets.NONE;
        }
        String namespace = pod.getMetadata().getNamespace();
        List<String> documents = new ArrayList<>();
        for (LocalObjectReference reference : references) {
            Secret secret = kubernetes.secrets().inNamespace(namespace).withName(reference.getName()).get();
            Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
            String document = data.getOrDefault(".dockerconfigjson", data.get(".dockercfg"));
            if (document == null) {
                LOG.log(Level.WARNING, "pod {0}/{1}: image pull secret {2} is missing or holds no docker config; pulling"
                        + " without it", namespace, pod.getMetadata().getName(), reference.getName());
                continue;
            }
            documents.add(new String(Base64.getDecoder().decode(document), StandardCharsets.UTF_8));
        }
        return PullSecrets.fromDockerConfigs(documents);
    }
}
