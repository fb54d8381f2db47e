package dev.hearth.agent.build;

import java.util.regex.Pattern;

/**
 * Where a build is pushed, as the cluster names it: {@code hearth-registry:5000/<repository>:<tag>}.
 * Only that registry is accepted — the agent pushes to its own host's registry and nowhere else.
 *
 * @param repository the path in the registry, e.g. {@code alice/hello}
 * @param tag the tag, e.g. {@code 3}
 */
public record ImageName(String repository, String tag) {

    /** The registry as cluster networks reach it (its read-only side); also the only prefix accepted. */
    public static final String CLUSTER_REGISTRY = "hearth-registry:5000";

    /** The distribution spec's repository grammar: lower-case components joined by '/'. */
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");

    /**
     * Parses {@code reference}.
     *
     * @throws IllegalArgumentException saying what is wrong, in words a participant can act on
     */
    public static ImageName parse(String reference) {
        String prefix = CLUSTER_REGISTRY + "/";
        if (!reference.startsWith(prefix)) {
            throw new IllegalArgumentException("image " + reference + " is not in " + CLUSTER_REGISTRY
                    + ", the only registry builds push to");
        }
        String rest = reference.substring(prefix.length());
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("image " + reference + " has no tag");
        }
        String repository = rest.substring(0, colon);
        String tag = rest.substring(colon + 1);
        if (repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("image " + reference + " has an invalid repository path '" + repository + "'");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("image " + reference + " has an invalid tag '" + tag + "'");
        }
        return new ImageName(repository, tag);
    }

    @Override
    public String toString() {
        return CLUSTER_REGISTRY + "/" + repository + ":" + tag;
    }
}
