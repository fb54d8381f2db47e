package dev.hearth.wasmnode.image;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the node reaches registries: which ones speak plain HTTP (the per-host registry, named in
 * {@code HEARTH_INSECURE_REGISTRIES}) and the cluster config's {@code registryMirrors}, registry
 * alias to mirror endpoint (docs/architecture.md, "Names and labels"), tried before the registry itself.
 *
 * @param insecureRegistries {@code host[:port]} of registries reached over plain HTTP
 * @param mirrors registry ({@code host[:port]}, {@code docker.io} for Docker Hub) to mirror endpoint URL
 */
public record PullSettings(List<String> insecureRegistries, Map<String, String> mirrors) {

    /** Docker Hub's API lives on another host than its name (as in Docker and containerd). */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    public PullSettings {
        insecureRegistries = List.copyOf(insecureRegistries);
        mirrors = Map.copyOf(mirrors);
    }

    /** The endpoints to try for {@code registry}, in order: its mirror if it has one, then itself. */
    List<URI> endpoints(String registry) {
        URI origin = origin(registry);
        return Optional.ofNullable(mirrors.get(registry))
                .map(this::mirror)
                .filter(mirror -> !mirror.equals(origin))
                .map(mirror -> List.of(mirror, origin))
                .orElse(List.of(origin));
    }

    private URI origin(String registry) {
        String host = registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_API : registry;
        return URI.create((insecureRegistries.contains(registry) ? "http://" : "https://") + host);
    }

    /** A mirror given without a scheme gets the one its host would get as a registry. */
    private URI mirror(String endpoint) {
        String text = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        if (text.contains("://")) {
            return URI.create(text);
        }
        return URI.create((insecureRegistries.contains(text) ? "http://" : "https://") + text);
    }
}
