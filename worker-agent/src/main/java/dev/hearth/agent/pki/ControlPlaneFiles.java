package dev.hearth.agent.pki;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files the control-plane container reads from /etc/kubernetes (see
 * node-image/control-plane/hearth-control-plane), as paths relative to that directory. The agent
 * copies them into the container before starting it, so the cluster's secrets never touch the
 * host's file system.
 */
public final class ControlPlaneFiles {

    /** Inside the container the API server is always on the loopback, port 6443. */
    private static final URI LOCAL_API_SERVER = URI.create("https://127.0.0.1:6443");

    private ControlPlaneFiles() {
    }

    public static Map<String, byte[]> of(String clusterName, ClusterPki pki) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        put(files, "pki/ca.crt", pki.ca().certificatePem());
        put(files, "pki/ca.key", pki.ca().privateKeyPem());
        put(files, "pki/front-proxy-ca.crt", pki.frontProxyCa().certificatePem());
        put(files, "pki/front-proxy-ca.key", pki.frontProxyCa().privateKeyPem());
        putPair(files, "pki/apiserver", pki.apiServer());
        putPair(files, "pki/apiserver-kubelet-client", pki.apiServerKubeletClient());
        putPair(files, "pki/front-proxy-client", pki.frontProxyClient());
        put(files, "pki/sa.pub", pki.serviceAccountPublicKeyPem());
        put(files, "pki/sa.key", pki.serviceAccountPrivateKeyPem());
        put(files, "controller-manager.conf", Kubeconfigs.render(clusterName, LOCAL_API_SERVER, pki.ca(),
                "system:kube-controller-manager", pki.controllerManager()));
        put(files, "scheduler.conf", Kubeconfigs.render(clusterName, LOCAL_API_SERVER, pki.ca(),
                "system:kube-scheduler", pki.scheduler()));
        // Kept in the container too, so an agent that restarts can read its admin credentials back.
        put(files, "admin.conf", Kubeconfigs.render(clusterName, LOCAL_API_SERVER, pki.ca(), "hearth-admin", pki.admin()));
        return Map.copyOf(files);
    }

    private static void putPair(Map<String, byte[]> files, String base, IssuedCertificate issued) {
        put(files, base + ".crt", issued.certificatePem());
        put(files, base + ".key", issued.privateKeyPem());
    }

    private static void put(Map<String, byte[]> files, String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.US_ASCII));
    }
}
