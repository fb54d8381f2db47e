package dev.hearth.backend.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A cluster as its owner sees it, in the API and on pages. */
@Schema(name = "Cluster")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(
        @Schema(description = "Short unique id, e.g. c-7k2m9x") String id,
        @Schema(description = "Display name (may repeat across users)") String name,
        ClusterPhase phase,
        @Schema(description = "Current provisioning step, e.g. 'Starting API server'") String step,
        @Schema(description = "Last status message or failure reason") String message,
        @Schema(description = "Name of the host the cluster runs on, once scheduled") String host,
        @Schema(description = "Kubernetes API server URL, once provisioned") String apiEndpoint,
        @Schema(description = "1-based place in the queue while REQUESTED") Integer queuePosition,
        @Schema(description = "The normalised ClusterConfiguration (YAML)") String config,
        Instant createdAt,
        Instant expiresAt) {

    /**
     * The file its admin kubeconfig is saved as, everywhere Hearth names it (API and page downloads,
     * the guided demo's commands): {@code hearth-<name>.yaml}. Names are DNS labels (ClusterService
     * checks), so it is safe in a header and a shell.
     */
    public String kubeconfigFileName() {
        return "hearth-" + name + ".yaml";
    }
}
