package dev.hearth.agent.plan;

/**
 * The named steps of provisioning a cluster, as data: the executor binds each to the small class
 * that performs it, and the UI shows {@link #title()} as the step's line (DESIGN §6). Every step is
 * idempotent, so a restarted agent runs the list again from the top.
 */
public enum ProvisionStep {
    CREATE_NETWORK("Creating cluster network"),
    CREATE_VOLUMES("Creating volumes"),
    GENERATE_CERTIFICATES("Generating certificates"),
    ENSURE_REGISTRY("Starting local registry"),
    CONNECT_REGISTRY("Connecting local registry"),
    START_CONTROL_PLANE("Starting control-plane container"),
    START_ETCD("Starting etcd"),
    START_API_SERVER("Starting API server"),
    CONFIGURE_NODE_BOOTSTRAP("Creating bootstrap token and node RBAC"),
    CREATE_REGISTRY_CONFIGMAP("Creating local-registry-hosting ConfigMap"),
    START_WASI_NODE("Starting WASI node"),
    REGISTER_WASI_NODE("Registering WASI node"),
    ISSUE_KUBECONFIG("Issuing admin kubeconfig");

    private final String title;

    ProvisionStep(String title) {
        this.title = title;
    }

    /** The step as the UI shows it. */
    public String title() {
        return title;
    }
}
