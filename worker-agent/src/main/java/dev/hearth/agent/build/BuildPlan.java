package dev.hearth.agent.build;

import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.LogStreamId;
import java.util.List;
import java.util.Map;

/**
 * One build, decided before Docker is touched: the container to run and what to push where.
 *
 * @param buildId the build's id, which names its log stream and its container
 * @param containerName {@code hearth-builder-<buildId>}
 * @param builderImage the builder image reference
 * @param command the builder's arguments ({@code rust} or {@code c})
 * @param sourcePath where the source goes in the container
 * @param source the source, UTF-8
 * @param language the source's language
 * @param target where the module is pushed
 * @param labels role, host, cluster and build labels
 * @param limits what the container may use
 */
public record BuildPlan(String buildId, String containerName, String builderImage, List<String> command,
        String sourcePath, byte[] source, BuildLanguage language, ImageName target, Map<String, String> labels,
        BuildLimits limits) {

    /** Where the builder writes the module (node-image/builder/hearth-build). */
    public static final String MODULE_PATH = "/out/app.wasm";

    public BuildPlan {
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
        source = source.clone();
    }

    @Override
    public byte[] source() {
        return source.clone();
    }

    /** The log stream of this build. */
    public LogStreamId stream() {
        return new LogStreamId.Build(buildId);
    }
}
