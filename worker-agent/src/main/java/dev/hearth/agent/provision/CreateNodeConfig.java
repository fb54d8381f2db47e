package dev.hearth.agent.provision;

import dev.hearth.agent.plan.NodeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * The cluster's registry mirrors and insecure registries are in {@code kube-system/hearth-node-config},
 * where the WASI node reads them (the same text forms as its environment, see {@link NodeConfig}).
 */
final class CreateNodeConfig implements Step {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "hearth-node-config";

    @Override
    public String title() {
        return "Creating node configuration ConfigMap";
    }

    @Override
    public String action() {
        return "create the node configuration ConfigMap";
    }

    @Override
    public void run(ProvisionContext context) {
        NodeConfig config = context.plan().nodeConfig();
        var configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .addToData("registryMirrors", config.registryMirrorsText())
                .addToData("insecureRegistries", config.insecureRegistriesText())
                .build();
        context.kubernetes().configMaps().inNamespace(NAMESPACE).resource(configMap).forceConflicts().serverSideApply();
    }
}
