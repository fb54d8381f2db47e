package dev.hearth.protocol;

/**
 * Asks the agent of a cluster's host to compile a participant's source to WASI and push it to the
 * per-host registry (docs/guided-demo.md, steps 3–4).
 *
 * @param buildId the build's id, which names its log stream
 * @param clusterId the cluster whose host builds
 * @param language the source language
 * @param source the source text
 * @param image where to push, chosen by the backend inside the participant's own repository path
 */
public record BuildRequest(
        String buildId, String clusterId, BuildLanguage language, String source, String image)
        implements AgentMessage {

    public BuildRequest {
        Required.text(buildId, "buildId");
        Required.text(clusterId, "clusterId");
        Required.value(language, "language");
        Required.value(source, "source");
        Required.text(image, "image");
    }
}
