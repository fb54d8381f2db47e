package dev.hearth.backend.demo;

import dev.hearth.backend.agent.AgentMessageHandler;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.BuildStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies an agent's {@link BuildResult} to its build (the hub calls this for every one). Idempotent
 * and order-proof: a result from another host than the build's is ignored, a status never goes back
 * (RUNNING after SUCCEEDED, say, when a queued message is replayed late), and a finished build stays
 * as it finished. The image is the backend's choice; an agent reporting another one is not believed.
 */
@ApplicationScoped
public class BuildResults implements AgentMessageHandler<BuildResult> {

    private static final Logger LOG = Logger.getLogger(BuildResults.class);

    private final Clock clock;

    public BuildResults(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Class<BuildResult> type() {
        return BuildResult.class;
    }

    /** @return what happened, for the hub's debug log */
    @Override
    @Transactional
    public String handle(UUID hostId, BuildResult result) {
        UUID id;
        try {
            id = UUID.fromString(result.buildId());
        } catch (IllegalArgumentException e) {
            return "ignored: '" + result.buildId() + "' is not a build id";
        }
        Build build = Build.findById(id);
        if (build == null) {
            return "ignored: no build " + id + " (expired?)";
        }
        if (!build.hostId.equals(hostId)) {
            LOG.warnf("host %s reported on build %s, which was sent to host %s; ignored", hostId, id, build.hostId);
            return "ignored: build " + id + " is not this host's";
        }
        if (build.finished() || rank(result.status()) < rank(build.status)) {
            return "ignored: build " + id + " is " + build.status + " already";
        }
        Instant now = clock.instant();
        if (result.status() == BuildStatus.RUNNING && build.startedAt == null) {
            build.startedAt = now;
        }
        build.status = result.status();
        if (result.message() != null) {
            build.message = result.message();
        }
        if (result.status() == BuildStatus.SUCCEEDED) {
            if (result.image() != null && !result.image().equals(build.image)) {
                LOG.warnf("build %s: host %s reports image %s, but it was asked to push %s; keeping %s", id, hostId,
                        result.image(), build.image, build.image);
            }
            build.digest = result.digest();
        }
        if (build.finished()) {
            build.finishedAt = now;
        }
        return "build " + id + " is " + build.status;
    }

    /** QUEUED < RUNNING < (SUCCEEDED | FAILED): the only ways a build moves. */
    private static int rank(BuildStatus status) {
        return switch (status) {
            case QUEUED -> 0;
            case RUNNING -> 1;
            case SUCCEEDED, FAILED -> 2;
        };
    }
}
