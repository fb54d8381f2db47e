package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.docker.ContainerState;
import dev.hearth.agent.plan.Role;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WASI node has joined: its Node is {@code Ready} and its kubelet serving certificate is approved
 * (the agent approves it, since nothing in the cluster does — only a request that {@link
 * ServingCsrPolicy} accepts). Part of READY (docs/architecture.md, "Cluster lifecycle"): {@code kubectl logs} through the API server
 * needs the serving certificate.
 */
final class RegisterWasiNode implements Step {

    private final DockerClient docker;
    private final Duration timeout;

    RegisterWasiNode(DockerClient docker, Duration timeout) {
        this.docker = docker;
        this.timeout = timeout;
    }

    @Override
    public String title() {
        return "Registering WASI node";
    }

    @Override
    public String action() {
        return "register the WASI node";
    }

    @Override
    public void run(ProvisionContext context) throws InterruptedException {
        String nodeName = context.plan().wasiNodeName().orElseThrow();
        String container = context.plan().container(Role.WASI_NODE).orElseThrow().name();
        KubernetesClient kubernetes = context.kubernetes();
        Map<String, String> refused = new LinkedHashMap<>();
        try {
            Waits.until("WASI node " + nodeName + " to be Ready with an approved serving certificate", timeout, () -> {
                if (!ContainerState.running(docker, container)) {
                    throw new IllegalStateException("container " + container + " stopped before its node registered");
                }
                Node node = kubernetes.nodes().withName(nodeName).get();
                if (node == null) {
                    return false;
                }
                boolean certified = approveServingCsrs(kubernetes, node, refused);
                return certified && ready(node);
            });
        } catch (IllegalStateException e) {
            if (!refused.isEmpty()) {
                e.addSuppressed(new IllegalStateException("serving CSRs left unapproved: " + refused));
            }
            throw e;
        }
    }

    /** Approves the node's acceptable pending serving CSRs; true once one of them is approved. */
    private static boolean approveServingCsrs(KubernetesClient kubernetes, Node node, Map<String, String> refused) {
        String requester = "system:node:" + node.getMetadata().getName();
        List<CertificateSigningRequest> mine = kubernetes.certificates().v1().certificateSigningRequests()
                .withField("spec.signerName", ServingCsrPolicy.SIGNER).list().getItems().stream()
                .filter(csr -> requester.equals(csr.getSpec().getUsername()))
                .toList();
        boolean approved = false;
        for (CertificateSigningRequest csr : mine) {
            if (ServingCsrPolicy.approved(csr)) {
                approved = true;
            } else if (ServingCsrPolicy.pending(csr)) {
                Optional<String> refusal = ServingCsrPolicy.refusal(csr, node);
                if (refusal.isPresent()) {
                    refused.put(csr.getMetadata().getName(), refusal.get());
                    continue;
                }
                kubernetes.certificates().v1().certificateSigningRequests().withName(csr.getMetadata().getName())
                        .approve(new CertificateSigningRequestConditionBuilder()
                                .withType("Approved").withStatus("True").withReason("HearthAgentApproved")
                                .withMessage("the Hearth agent checked requester, usages and addresses of " + requester)
                                .build());
                approved = true;
            }
        }
        return approved;
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }
}
