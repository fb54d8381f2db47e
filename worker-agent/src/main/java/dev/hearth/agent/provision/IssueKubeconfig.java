package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ProvisionStep;
import java.net.URI;

/**
 * The admin kubeconfig a participant downloads: the cluster's admin credentials, naming the API
 * server at this agent's advertise address and the published port (DESIGN §4).
 */
final class IssueKubeconfig implements Step {

    @Override
    public ProvisionStep name() {
        return ProvisionStep.ISSUE_KUBECONFIG;
    }

    @Override
    public void run(ProvisionContext context) {
        String advertise = context.plan().apiServer().advertiseAddress();
        // An IPv6 literal goes in brackets in a URL.
        String host = advertise.contains(":") ? "[" + advertise + "]" : advertise;
        URI endpoint = URI.create("https://" + host + ":" + context.apiPort());
        context.result(new ProvisionResult(endpoint.toString(), context.credentials().kubeconfigFor("hearth-" + context.plan().clusterId(), endpoint)));
    }
}
