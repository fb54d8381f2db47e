package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** System namespaces the API server makes by itself, shortly after it first reports ready. */
final class Namespaces {

    private Namespaces() {
    }

    /** Makes {@code name} exist now rather than wait for the API server's own controller to make it. */
    static void ensure(KubernetesClient kubernetes, String name) {
        if (kubernetes.namespaces().withName(name).get() == null) {
            kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                    .forceConflicts().serverSideApply();
        }
    }
}
