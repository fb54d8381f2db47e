package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which log a {@link LogChunk}, {@link LogFollow} or {@link LogStop} is about, with the fields of its
 * kind. On the wire and in the backend's {@code log_stream}/{@code log_line} tables it is its
 * {@link #name()} — {@code pod/<clusterId>/<podUid>/<container>} or {@code build/<buildId>}, the
 * strings agents and stored rows have always carried — and {@link #parse} is the one place that
 * name is taken apart (docs/logs.md, "Streams").
 *
 * <p>A name of no known kind is refused where it is decoded: an agent sending one breaks the protocol,
 * like any other malformed message, instead of reaching the store as an opaque string.
 */
public sealed interface LogStreamId permits LogStreamId.Pod, LogStreamId.Build {

    /** The wire and storage form, e.g. {@code pod/c-42/0b5e…/hello}. */
    @JsonValue
    String name();

    /**
     * Reads a stream name.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not one of the known kinds
     */
    @JsonCreator
    static LogStreamId parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("stream is required");
        }
        String[] parts = name.split("/", -1);
        try {
            return switch (parts[0]) {
                case Pod.KIND -> {
                    if (parts.length != 4) {
                        throw new IllegalArgumentException("a pod stream is pod/<clusterId>/<podUid>/<container>");
                    }
                    yield new Pod(parts[1], parts[2], parts[3]);
                }
                case Build.KIND -> {
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("a build stream is build/<buildId>");
                    }
                    yield new Build(parts[1]);
                }
                default -> throw new IllegalArgumentException("the kind must be pod or build");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stream '" + printable(name) + "' is not a log stream name: " + e.getMessage(), e);
        }
    }

    /**
     * A pod container's log, followed by the agent of the cluster's host.
     *
     * @param clusterId the cluster the pod runs in
     * @param podUid the pod's uid: a pod re-created under the same name is another stream
     * @param container the container whose log it is
     */
    record Pod(String clusterId, String podUid, String container) implements LogStreamId {

        static final String KIND = "pod";

        public Pod {
            segment(clusterId, "clusterId");
            segment(podUid, "podUid");
            segment(container, "container");
        }

        /**
         * Reads a pod stream's name (as {@link LogStreamId#parse}, which it calls).
         *
         * @throws IllegalArgumentException when it is not a pod stream's name
         */
        @JsonCreator
        public static Pod named(String name) {
            if (LogStreamId.parse(name) instanceof Pod pod) {
                return pod;
            }
            throw new IllegalArgumentException("stream '" + printable(name) + "' is not a pod stream");
        }

        @Override
        public String name() {
            return KIND + "/" + clusterId + "/" + podUid + "/" + container;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * A build's output, written by the agent the build was sent to.
     *
     * @param buildId the build
     */
    record Build(String buildId) implements LogStreamId {

        static final String KIND = "build";

        public Build {
            segment(buildId, "buildId");
        }

        @Override
        public String name() {
            return KIND + "/" + buildId;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** A field of a name: not blank and without the separator, so the name reads back as the same fields. */
    private static void segment(String value, String field) {
        Required.text(value, field);
        if (value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(field + " cannot contain '/', got '" + printable(value) + "'");
        }
    }

    /** At most 80 characters of an agent's text, so a refusal cannot flood a log line. */
    private static String printable(String text) {
        String shown = text.length() <= 80 ? text : text.substring(0, 80) + "…";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
