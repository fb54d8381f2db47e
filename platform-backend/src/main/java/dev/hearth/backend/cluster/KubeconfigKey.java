package dev.hearth.backend.cluster;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code hearth.kubeconfig-key}: base64 of the 32-byte AES key kubeconfigs are encrypted with (docs/agent-channel.md). */
@ConfigMapping(prefix = "hearth")
public interface KubeconfigKey {

    Optional<String> kubeconfigKey();
}
