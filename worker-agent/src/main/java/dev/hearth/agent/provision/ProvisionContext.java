package dev.hearth.agent.provision;

import dev.hearth.agent.plan.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What one provisioning run has learnt so far, passed from step to step: the admin credentials
 * (issued now or read back from the container), the files still to copy into a new container, the
 * API server's published port. Lives for one run; a restarted agent learns it all again from Docker.
 */
final class ProvisionContext implements AutoCloseable {

    private final ClusterPlan plan;
    private AdminCredentials credentials;
    private Map<String, byte[]> freshFiles;
    private int apiPort;
    private ProvisionResult result;
    private KubernetesClient kubernetes;

    ProvisionContext(ClusterPlan plan) {
        this.plan = plan;
    }

    ClusterPlan plan() {
        return plan;
    }

    /** The admin credentials; set by the certificate step, which every later step follows. */
    AdminCredentials credentials() {
        if (credentials == null) {
            throw new IllegalStateException("no admin credentials yet: the certificate step has not run");
        }
        return credentials;
    }

    /** Credentials found in an existing control-plane container: nothing to copy. */
    void existingCredentials(AdminCredentials credentials) {
        this.credentials = credentials;
        this.freshFiles = null;
    }

    /** Newly issued credentials, with the files a new control-plane container must receive. */
    void freshCredentials(AdminCredentials credentials, Map<String, byte[]> files) {
        this.credentials = credentials;
        this.freshFiles = Map.copyOf(files);
    }

    Optional<Map<String, byte[]>> freshFiles() {
        return Optional.ofNullable(freshFiles);
    }

    /** The API server's port on the host's loopback; known once the control-plane container runs. */
    int apiPort() {
        if (apiPort == 0) {
            throw new IllegalStateException("the API server's host port is not known yet");
        }
        return apiPort;
    }

    void apiPort(int port) {
        this.apiPort = port;
    }

    URI localApiServer() {
        return URI.create("https://127.0.0.1:" + apiPort());
    }

    Optional<ProvisionResult> result() {
        return Optional.ofNullable(result);
    }

    void result(ProvisionResult result) {
        this.result = result;
    }

    /** A client of the cluster as its admin, through the published port; made on first use. */
    KubernetesClient kubernetes() {
        if (kubernetes == null) {
            kubernetes = new KubernetesClientBuilder().withConfig(credentials().clientConfig(localApiServer())).build();
        }
        return kubernetes;
    }

    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}
