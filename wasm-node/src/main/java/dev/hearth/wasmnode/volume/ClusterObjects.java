package dev.hearth.wasmnode.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets a pod's env and volumes name, read from the API server as the node (the
 * Node authorizer lets a node read those of pods bound to it).
 */
public interface ClusterObjects {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** Reads through {@code kubernetes}: each call asks the API server, so a pod starts with current values. */
    static ClusterObjects of(KubernetesClient kubernetes) {
        return new ClusterObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.ofNullable(kubernetes.configMaps().inNamespace(namespace).withName(name).get());
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.ofNullable(kubernetes.secrets().inNamespace(namespace).withName(name).get());
            }
        };
    }
}
