package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import dev.hearth.agent.plan.ClusterPlanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What a WASI node joins its cluster with: a bootstrap kubeconfig (the API server on the cluster
 * network, the cluster CA, the bootstrap token), as kubeadm hands a kubelet
 * (https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/). It goes into the
 * container as a tar archive, never touching the host's file system.
 */
final class WasiNodeBootstrap {

    /**
     * Where the node reads it, in its state volume (the planner names it in {@code HEARTH_BOOTSTRAP_KUBECONFIG}):
     * the root file system is read-only, and Docker copies only onto a volume then.
     */
    static final String DIRECTORY = ClusterPlanner.WASI_STATE_DIR;
    static final String NAME = ClusterPlanner.WASI_BOOTSTRAP_KUBECONFIG.substring(DIRECTORY.length() + 1);

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WasiNodeBootstrap() {
    }

    static byte[] kubeconfig(String server, String caPem, String token) {
        var config = new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                    .withName("hearth")
                    .withNewCluster()
                        .withServer(server)
                        .withCertificateAuthorityData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
                    .endCluster()
                .endCluster()
                .addNewUser().withName("bootstrap").withNewUser().withToken(token).endUser().endUser()
                .addNewContext().withName("bootstrap").withNewContext().withCluster("hearth").withUser("bootstrap").endContext()
                .endContext()
                .withCurrentContext("bootstrap")
                .build();
        return SERIALIZATION.asYaml(config).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The kubeconfig as {@link #NAME}, for extraction in {@link #DIRECTORY}, readable by {@code uid} only:
     * the user the node's image runs as (the container has no capability to read another user's file).
     */
    static byte[] archive(byte[] kubeconfig, int uid) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            var file = new TarArchiveEntry(NAME);
            file.setMode(0600);
            file.setIds(uid, uid);
            file.setSize(kubeconfig.length);
            tar.putArchiveEntry(file);
            tar.write(kubeconfig);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to pack the bootstrap kubeconfig", e);
        }
        return bytes.toByteArray();
    }
}
