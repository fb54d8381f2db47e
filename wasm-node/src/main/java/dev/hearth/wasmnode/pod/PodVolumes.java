package dev.hearth.wasmnode.pod;

import java.nio.file.Path;
import java.util.Map;

/**
 * A pod's volumes as prepared on the node: the host directory behind each volume name.
 *
 * @param directories volume name to its directory on the node
 */
public record PodVolumes(Map<String, Path> directories) {

    public static final PodVolumes NONE = new PodVolumes(Map.of());

    public PodVolumes {
        directories = Map.copyOf(directories);
    }
}
