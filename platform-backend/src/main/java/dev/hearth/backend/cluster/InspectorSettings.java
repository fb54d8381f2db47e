package dev.hearth.backend.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The backend's short calls to a cluster's API server ({@code hearth.inspector.*}; docs/portal.md). */
@ConfigMapping(prefix = "hearth.inspector")
public interface InspectorSettings {

    /**
     * Connect and request timeout of the cluster page's nodes, pods and web apps panels, which load after
     * the page: long enough for an API server on a busy host, short enough that a cluster that hangs shows
     * "Cluster not answering" instead of a spinner.
     */
    @WithDefault("5s")
    Duration timeout();
}
