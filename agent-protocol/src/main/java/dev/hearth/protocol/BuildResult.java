package dev.hearth.protocol;

/**
 * A build's progress or end, sent when its status changes.
 *
 * @param buildId the build's id
 * @param status where it is
 * @param image the pushed image reference once it {@code SUCCEEDED}; may be null
 * @param digest the pushed manifest's digest once it {@code SUCCEEDED}; may be null
 * @param message a human-readable detail, e.g. the compiler's first error; may be null
 */
public record BuildResult(String buildId, BuildStatus status, String image, String digest, String message)
        implements AgentMessage {

    public BuildResult {
        Required.text(buildId, "buildId");
        Required.value(status, "status");
    }
}
