package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.hearth.agent.plan.ApiServerPlan;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.pki.ClusterPkiRequest;
import dev.hearth.agent.pki.ControlPlaneFiles;
import dev.hearth.agent.pki.PkiIssuer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster has its PKI: issued now, or — when its control-plane container already holds one — read
 * back from it, so a restarted agent keeps the cluster's CA and every kubeconfig handed out stays valid.
 */
final class GenerateCertificates implements Step {

    private final DockerClient docker;
    private final PkiIssuer issuer;
    private final Duration validity;

    GenerateCertificates(DockerClient docker, PkiIssuer issuer, Duration validity) {
        this.docker = docker;
        this.issuer = issuer;
        this.validity = validity;
    }

    @Override
    public String title() {
        return "Generating certificates";
    }

    @Override
    public String action() {
        return "generate certificates";
    }

    @Override
    public void run(ProvisionContext context) {
        ContainerSpec controlPlane = context.plan().container(Role.CONTROL_PLANE).orElseThrow();
        Optional<AdminCredentials> existing = readBack(controlPlane);
        if (existing.isPresent()) {
            context.existingCredentials(existing.get());
            return;
        }
        Map<String, byte[]> files = ControlPlaneFiles.of("hearth-" + context.plan().clusterId(),
                issuer.issue(request(context.plan())));
        context.freshCredentials(new AdminCredentials(new String(files.get(ControlPlaneArchive.MARKER),
                StandardCharsets.US_ASCII)), files);
    }

    private Optional<AdminCredentials> readBack(ContainerSpec controlPlane) {
        try {
            var labels = docker.inspectContainerCmd(controlPlane.name()).exec().getConfig().getLabels();
            Ownership.require("container", controlPlane.name(), labels, controlPlane.labels());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AdminCredentials(ControlPlaneArchive.read(docker, controlPlane.name(),
                    "/etc/kubernetes/" + ControlPlaneArchive.MARKER)));
        } catch (NotFoundException e) {
            // Made by a run that died before its files were copied in: it holds nothing worth keeping.
            docker.removeContainerCmd(controlPlane.name()).withForce(true).exec();
            return Optional.empty();
        }
    }

    private ClusterPkiRequest request(ClusterPlan plan) {
        ApiServerPlan api = plan.apiServer();
        List<InetAddress> addresses = api.ipAddresses().stream().map(GenerateCertificates::literal).toList();
        return new ClusterPkiRequest(plan.clusterId(), api.dnsNames(), addresses, validity);
    }

    /** The plan holds IP literals only, so this never asks DNS. */
    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
