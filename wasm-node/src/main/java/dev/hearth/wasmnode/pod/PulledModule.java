package dev.hearth.wasmnode.pod;

import dev.hearth.wasmnode.wasi.WasiProgram;
import java.util.Objects;

/**
 * A container's module as its image provided it.
 *
 * @param imageId what the container status shows as {@code imageID}: the image's digest reference
 * @param program the parsed, checked module
 */
public record PulledModule(String imageId, WasiProgram program) {

    public PulledModule {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(program, "program");
    }
}
