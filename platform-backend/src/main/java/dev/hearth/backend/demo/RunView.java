package dev.hearth.backend.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The demo pod as last applied. */
public record RunView(
        String clusterId,
        String namespace,
        String pod,
        String uid,
        String container,
        String image,
        Instant at,
        @Schema(description = "The pod's log: server-sent events while it runs (GET with follow=true)") String logs) {

    static RunView of(DemoProgress p) {
        if (!p.hasRun()) {
            return null;
        }
        return new RunView(p.runClusterId, p.runNamespace, p.runPod, p.runUid, p.runContainer, p.runImage, p.runAt,
                logsUrl(p.runClusterId, p.runNamespace, p.runPod, p.runContainer));
    }

    /** B's pod-log API (docs/architecture.md, "The backend"), following. */
    static String logsUrl(String clusterId, String namespace, String pod, String container) {
        return "/api/v1/clusters/" + clusterId + "/pods/" + namespace + "/" + pod + "/logs?container="
                + URLEncoder.encode(container, StandardCharsets.UTF_8) + "&follow=true";
    }
}
