package dev.hearth.agent.build;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns a {@link BuildRequest} into a {@link BuildPlan}, or refuses it saying why. Pure: no Docker. */
public final class BuildPlanner {

    /** The label naming a builder container's build, found and removed by it. */
    public static final String BUILD_LABEL = "dev.hearth.build";
    /** Container names allow these; a build id is a UUID from the backend, but the name must never break. */
    private static final Pattern BUILD_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}");

    private final AgentSettings settings;

    public BuildPlanner(AgentSettings settings) {
        this.settings = settings;
    }

    public BuildPlan plan(BuildRequest request) throws BuildRefusedException {
        String builder = settings.images().builder().orElseThrow(() -> new BuildRefusedException(
                "this host has no builder image (hearth.agent.images.builder is not set)"));
        if (!BUILD_ID.matcher(request.buildId()).matches()) {
            throw new BuildRefusedException("build id '" + request.buildId() + "' is not a valid name");
        }
        byte[] source = request.source().getBytes(StandardCharsets.UTF_8);
        long maxSource = settings.build().maxSource().asLongValue();
        if (source.length > maxSource) {
            throw new BuildRefusedException("the source is " + source.length + " bytes; at most "
                    + Sizes.human(maxSource) + " is accepted");
        }
        if (request.source().isBlank()) {
            throw new BuildRefusedException("the source is empty");
        }
        ImageName target;
        try {
            target = ImageName.parse(request.image());
        } catch (IllegalArgumentException e) {
            throw new BuildRefusedException(e.getMessage());
        }
        Map<String, String> labels = Map.of(
                HearthLabels.ROLE, Role.BUILDER.label(),
                HearthLabels.HOST, settings.hostId(),
                HearthLabels.CLUSTER, request.clusterId(),
                BUILD_LABEL, request.buildId());
        return new BuildPlan(request.buildId(), "hearth-builder-" + request.buildId(), builder,
                List.of(argument(request.language())), sourcePath(request.language()), source, request.language(),
                target, labels, limits());
    }

    BuildLimits limits() {
        AgentSettings.Build build = settings.build();
        return new BuildLimits(build.cpuMillis(), build.memory().asLongValue(), build.pids(), build.timeout(),
                build.maxOutput().asLongValue(), build.maxModule().asLongValue());
    }

    private static String argument(BuildLanguage language) {
        return switch (language) {
            case RUST -> "rust";
            case C -> "c";
        };
    }

    private static String sourcePath(BuildLanguage language) {
        return switch (language) {
            case RUST -> "/src/main.rs";
            case C -> "/src/main.c";
        };
    }
}
