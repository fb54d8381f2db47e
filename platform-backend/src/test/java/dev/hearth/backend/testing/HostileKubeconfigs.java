package dev.hearth.backend.testing;

import java.nio.file.Path;

/** Kubeconfigs a hostile host's agent might send. */
public final class HostileKubeconfigs {

    private HostileKubeconfigs() {
    }

    /**
     * {@code kubeconfig} (as {@link dev.hearth.harness.Kubeconfigs#standalone} writes it) with an exec credential plugin
     * added to its user: run, it leaves {@code marker} behind and answers with a token, as a real plugin would.
     */
    public static String exec(String kubeconfig, Path marker) {
        String exec = """
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: /bin/sh
                      args: ["-c", "touch %s; echo '{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"x\\"}}'"]
                      interactiveMode: Never
                """.formatted(marker);
        String result = kubeconfig.replace("    client-certificate-data:", exec + "    client-certificate-data:");
        if (result.equals(kubeconfig)) {
            throw new IllegalArgumentException("no user with client-certificate-data to add an exec plugin to");
        }
        return result;
    }
}
