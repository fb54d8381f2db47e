package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.endpoint.ClusterEndpoint;
import dev.hearth.agent.network.EgressGuard;
import dev.hearth.agent.pki.PkiIssuer;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.registry.HostRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provisioning plan as kind writes one: the list of steps, in order, each a {@link Step} class
 * carrying its own title and action. A new step is a class and a line here; each conditional step
 * says why it is there (docs/architecture.md, "How a cluster comes to be").
 */
final class ProvisionSteps {

    private final DockerClient docker;
    private final HostRegistry registry;
    private final PkiIssuer pki;
    private final ClusterEndpoint endpoint;
    private final AgentSettings settings;

    ProvisionSteps(DockerClient docker, HostRegistry registry, PkiIssuer pki, ClusterEndpoint endpoint,
            AgentSettings settings) {
        this.docker = docker;
        this.registry = registry;
        this.pki = pki;
        this.endpoint = endpoint;
        this.settings = settings;
    }

    List<Step> of(ClusterPlan plan) {
        Duration startTimeout = settings.controlPlane().startTimeout();
        boolean localRegistry = plan.registry().isPresent();
        boolean krustlet = plan.wasiNodeName().isPresent();
        boolean wasiNode = plan.container(Role.WASI_NODE).isPresent();

        List<Step> steps = new ArrayList<>();
        steps.add(new CreateNetwork(docker, settings.network().confine()
                ? Optional.of(new EgressGuard(docker, settings.hostId())) : Optional.empty()));
        steps.add(new CreateVolumes(docker));
        steps.add(new GenerateCertificates(docker, pki, settings.controlPlane().certificateValidity()));
        if (localRegistry) {
            // LocalRegistry: the host's registry runs and is on the cluster network before anything pulls.
            steps.add(new EnsureRegistry(registry));
            steps.add(new ConnectRegistry(registry));
        }
        steps.add(new StartControlPlane(docker));
        if (wasiNode) {
            // Krustlet, on a host with a WASI node image: the node starts now, so its JVM starts while
            // the API server does; it retries its join until the bootstrap token below exists.
            steps.add(new StartWasiNode(docker));
        }
        steps.add(new WaitForEtcd(docker, startTimeout));
        steps.add(new WaitForApiServer(docker, startTimeout));
        if (krustlet) {
            // Krustlet: a node joins with a bootstrap token, which must exist with its RBAC, and the
            // cluster shows its node pull settings (also when no node image is here yet).
            steps.add(new ConfigureNodeBootstrap());
            steps.add(new CreateNodeConfig());
        }
        if (localRegistry) {
            // LocalRegistry: KEP-1755 tells tools in the cluster where the registry is.
            steps.add(new CreateRegistryConfigMap());
        }
        if (settings.images().endpoint().isPresent()) {
            // The host's endpoint routes the cluster's name before its kubeconfig names the endpoint. It
            // needs only the API server, so it runs while the node's JVM is still joining (a HAProxy
            // reload and a /readyz through it, hundreds of ms on a loaded host), not after it.
            steps.add(new RouteEndpoint(endpoint, startTimeout));
        }
        if (wasiNode) {
            // The node registers and gets its serving certificate approved.
            steps.add(new RegisterWasiNode(docker, settings.wasiNode().registerTimeout()));
        }
        steps.add(new IssueKubeconfig(endpoint));
        return List.copyOf(steps);
    }
}
