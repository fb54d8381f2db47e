package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.wasi.WasiProgram;
import java.util.Objects;

/**
 * A container's module as its image provided it: the parsed program, and the image it came from
 * (image.PulledModule is the registry client's side, a file on disk).
 *
 * @param imageId what the container status shows as {@code imageID}: the image's digest reference
 * @param program the parsed, checked module
 */
public record ContainerModule(String imageId, WasiProgram program) {

    public ContainerModule {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(program, "program");
    }
}
