package dev.hearth.agent.provision;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

    /** Where the node reads it; the planner names it in {@code HEARTH_BOOTSTRAP_KUBECONFIG}. */
    static final String PATH = "etc/hearth/bootstrap-kubeconfig";

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
     * The user the wasm-node image runs as (its Dockerfile's {@code USER}): the node is not root, so
     * the kubeconfig and its directory are that user's.
     */
    static final int NODE_UID = 10250;

    /** The kubeconfig at {@link #PATH}, readable by the node's user only, for extraction at {@code /}. */
    static byte[] archive(byte[] kubeconfig) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            for (String directory : new String[] {"etc/", "etc/hearth/"}) {
                var entry = new TarArchiveEntry(directory);
                entry.setMode(directory.equals("etc/") ? 040755 : 040700);
                if (!directory.equals("etc/")) {
                    entry.setIds(NODE_UID, NODE_UID);
                }
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            var file = new TarArchiveEntry(PATH);
            file.setMode(0600);
            file.setIds(NODE_UID, NODE_UID);
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
