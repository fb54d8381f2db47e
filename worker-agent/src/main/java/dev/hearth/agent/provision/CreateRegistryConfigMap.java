package dev.hearth.agent.provision;

import dev.hearth.agent.plan.LocalRegistryHosting;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Tools in the cluster can find its local registry: the KEP-1755 ConfigMap
 * {@code kube-public/local-registry-hosting}, written as kind writes it
 * (https://github.com/kubernetes/enhancements/tree/master/keps/sig-cluster-lifecycle/generic/1755-communicating-a-local-registry).
 */
final class CreateRegistryConfigMap implements Step {

    static final String NAMESPACE = "kube-public";
    static final String NAME = "local-registry-hosting";
    static final String KEY = "localRegistryHosting.v1";

    @Override
    public String title() {
        return "Creating local-registry-hosting ConfigMap";
    }

    @Override
    public String action() {
        return "create the local-registry-hosting ConfigMap";
    }

    @Override
    public void run(ProvisionContext context) {
        LocalRegistryHosting hosting = context.plan().registry().orElseThrow().hosting();
        var configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .addToData(KEY, yaml(hosting))
                .build();
        Namespaces.ensure(context.kubernetes(), NAMESPACE);
        context.kubernetes().configMaps().inNamespace(NAMESPACE).resource(configMap).forceConflicts().serverSideApply();
    }

    /** The KEP's field order; every value quoted, as each holds a ':'. */
    static String yaml(LocalRegistryHosting hosting) {
        return "host: \"" + hosting.host() + "\"\n"
                + "hostFromContainerRuntime: \"" + hosting.hostFromContainerRuntime() + "\"\n"
                + "hostFromClusterNetwork: \"" + hosting.hostFromClusterNetwork() + "\"\n"
                + "help: \"" + hosting.help() + "\"\n";
    }
}
