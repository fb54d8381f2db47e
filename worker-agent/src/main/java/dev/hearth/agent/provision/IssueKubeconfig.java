package dev.hearth.agent.provision;

import dev.hearth.agent.endpoint.ClusterEndpoint;
import java.net.URI;
import java.util.Optional;

/**
 * The admin kubeconfig a participant downloads: the cluster's admin credentials, naming the API
 * server at this agent's advertise address. With the host's endpoint that is the one endpoint port,
 * and {@code tls-server-name} carries the cluster's name for the endpoint to route by (no DNS needed);
 * without one, the cluster's own loopback-published port (docs/architecture.md, "Names and labels").
 */
final class IssueKubeconfig implements Step {

    private final ClusterEndpoint endpoint;

    IssueKubeconfig(ClusterEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String title() {
        return "Issuing admin kubeconfig";
    }

    @Override
    public String action() {
        return "issue the admin kubeconfig";
    }

    @Override
    public void run(ProvisionContext context) {
        String advertise = context.plan().apiServer().advertiseAddress();
        // An IPv6 literal goes in brackets in a URL.
        String host = advertise.contains(":") ? "[" + advertise + "]" : advertise;
        int port = endpoint.enabled() ? endpoint.port() : context.apiPort();
        Optional<String> serverName = endpoint.enabled()
                ? Optional.of(ClusterEndpoint.serverName(context.plan().clusterId()))
                : Optional.empty();
        URI server = URI.create("https://" + host + ":" + port);
        context.result(new ProvisionResult(server.toString(), context.credentials().kubeconfigFor("hearth-" + context.plan().clusterId(), server, serverName)));
    }
}
