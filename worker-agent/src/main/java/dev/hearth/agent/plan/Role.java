package dev.hearth.agent.plan;

/** What a Hearth container (or volume) is for: the {@code dev.hearth.role} label (docs/architecture.md, "Names and labels"). */
public enum Role {
    CONTROL_PLANE("control-plane"),
    WASI_NODE("wasi-node"),
    REGISTRY("registry"),
    BUILDER("builder"),
    /** The cluster's terminal container: kubectl and friends, started on first use (docs/portal.md, "Terminal"). */
    TOOLBOX("toolbox"),
    /** The host's cluster endpoint proxy; belongs to no cluster. */
    ENDPOINT("endpoint");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }
}
