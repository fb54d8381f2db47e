package dev.hearth.wasmnode;

import dev.hearth.wasmnode.image.ImagePullException;
import dev.hearth.wasmnode.pod.ContainerModule;
import dev.hearth.wasmnode.pod.ImageStore;
import dev.hearth.wasmnode.wasi.WasiProgram;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Test-only image store (the OCI client comes with the images work): {@code test.hearth.dev/<name>:<tag>}
 * is the committed module {@code src/test/resources/wasm/<name>.wasm}; an image with no such module
 * fails to pull the way a registry answers an unknown manifest.
 */
public final class TestImages implements ImageStore {

    public static final String REGISTRY = "test.hearth.dev/";

    @Override
    public ContainerModule pull(Pod pod, Container container) {
        String image = container.getImage();
        if (!image.startsWith(REGISTRY)) {
            throw new ImagePullException(ImagePullException.Kind.NOT_FOUND,
                    "test images live under " + REGISTRY + ", not " + image);
        }
        String name = image.substring(REGISTRY.length()).replaceFirst("[:@].*$", "");
        byte[] wasm = bytes(name);
        return new ContainerModule("sha256:" + sha256(wasm), WasiProgram.parse(wasm));
    }

    private static byte[] bytes(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new ImagePullException(ImagePullException.Kind.NOT_FOUND,
                        "manifest unknown: manifest unknown to registry for " + REGISTRY + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
