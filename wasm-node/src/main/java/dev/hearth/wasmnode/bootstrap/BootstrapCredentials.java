package dev.hearth.wasmnode.bootstrap;

import dev.hearth.wasmnode.NodeSettings;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a node joins with (https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/):
 * the API server, the cluster CA that vouches for it and a bootstrap token allowed to ask for node
 * certificates — from a bootstrap kubeconfig, or from {@code HEARTH_BOOTSTRAP_TOKEN},
 * {@code HEARTH_API_SERVER} and {@code HEARTH_CA_FILE}.
 *
 * @param server the API server URL
 * @param caPem the cluster CA, PEM
 * @param token the bootstrap token, {@code <id>.<secret>}
 */
public record BootstrapCredentials(String server, String caPem, String token) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public BootstrapCredentials {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(token, "token");
    }

    /** Finds the node's bootstrap credentials in its settings. */
    public static BootstrapCredentials from(NodeSettings settings) {
        if (Files.isRegularFile(settings.bootstrapKubeconfig())) {
            BootstrapCredentials file = fromKubeconfig(read(settings.bootstrapKubeconfig()), settings.bootstrapKubeconfig());
            return new BootstrapCredentials(settings.apiServer().orElse(file.server()), file.caPem(), file.token());
        }
        String token = settings.bootstrapToken().orElseThrow(() -> new BootstrapException("the node has no credentials"
                + " to join with: neither a bootstrap kubeconfig at " + settings.bootstrapKubeconfig()
                + " (HEARTH_BOOTSTRAP_KUBECONFIG) nor HEARTH_BOOTSTRAP_TOKEN is there"));
        String server = settings.apiServer().orElseThrow(() -> new BootstrapException(
                "HEARTH_BOOTSTRAP_TOKEN is set but HEARTH_API_SERVER is not"));
        Path ca = settings.caFile().orElseThrow(() -> new BootstrapException(
                "HEARTH_BOOTSTRAP_TOKEN is set but HEARTH_CA_FILE (the cluster CA) is not"));
        return new BootstrapCredentials(server, read(ca), token);
    }

    /** Reads a bootstrap kubeconfig's current context: its cluster's server and CA, its user's token. */
    static BootstrapCredentials fromKubeconfig(String yaml, Path source) {
        Config config = SERIALIZATION.unmarshal(yaml, Config.class);
        NamedContext context = named(config.getContexts(), NamedContext::getName, config.getCurrentContext(), source, "context");
        Cluster cluster = named(config.getClusters(), NamedCluster::getName, context.getContext().getCluster(), source, "cluster")
                .getCluster();
        AuthInfo user = named(config.getUsers(), NamedAuthInfo::getName, context.getContext().getUser(), source, "user")
                .getUser();
        if (cluster.getCertificateAuthorityData() == null || user.getToken() == null) {
            throw new BootstrapException("bootstrap kubeconfig " + source + " needs certificate-authority-data and a token");
        }
        String ca = new String(Base64.getDecoder().decode(cluster.getCertificateAuthorityData()), StandardCharsets.US_ASCII);
        return new BootstrapCredentials(cluster.getServer(), ca, user.getToken());
    }

    /** A kubeconfig a kubelet would be given (`kubeadm token create --print-join-command` has the same parts). */
    public String toKubeconfig() {
        return NodeKubeconfig.render(server, caPem, new AuthInfoBuilder().withToken(token).build());
    }

    private static <T> T named(List<T> items, Function<T, String> name, String wanted, Path source, String what) {
        if (items == null || items.isEmpty()) {
            throw new BootstrapException("bootstrap kubeconfig " + source + " has no " + what);
        }
        return items.stream().filter(item -> name.apply(item).equals(wanted)).findFirst().orElse(items.getFirst());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BootstrapException("failed to read " + file, e);
        }
    }
}
