package dev.hearth.wasmnode.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference as Kubernetes and Docker read it
 * (https://github.com/distribution/reference): {@code [registry/]repository[:tag][@digest]}, with
 * Docker Hub as the registry when the first part is no host name, {@code library/} before a Hub name
 * of one part, and {@code latest} as the tag when neither tag nor digest is given.
 *
 * @param registry the registry's {@code host[:port]}, e.g. {@code hearth-registry:5000} or {@code docker.io}
 * @param repository the repository inside it, e.g. {@code library/hello}
 * @param tag the tag; empty when the image is named by digest alone
 * @param digest the manifest digest ({@code sha256:<hex>}), when pinned
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    public static final String DOCKER_HUB = "docker.io";
    static final String DEFAULT_TAG = "latest";

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (tag.isEmpty() && digest.isEmpty()) {
            throw new IllegalArgumentException("an image reference needs a tag or a digest");
        }
    }

    /**
     * Parses a reference as a pod's {@code image} field holds it.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static ImageReference parse(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("the image name is empty");
        }
        String rest = image.strip();
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                throw new IllegalArgumentException("invalid tag '" + tag.get() + "' in image " + image);
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + rest + "' in image " + image
                    + " (lower-case letters, digits and separators only)");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** What the registry is asked for: the digest when pinned, else the tag. */
    public String manifestReference() {
        return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
    }

    /** Whether Kubernetes' default pull policy is {@code Always} for it: tag {@code latest}, no digest. */
    boolean floating() {
        return digest.isEmpty() && tag.orElseThrow().equals(DEFAULT_TAG);
    }

    /** The full normal form, e.g. {@code docker.io/library/hello:latest}; the module cache's key for it. */
    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}
