package dev.hearth.agent.plan;

/**
 * The named steps of provisioning a cluster, as data: the executor binds each to the small class
 * that performs it, and the UI shows {@link #title()} as the step's line (docs/architecture.md, "Cluster lifecycle"). Every step is
 * idempotent, so a restarted agent runs the list again from the top.
 */
public enum ProvisionStep {
    CREATE_NETWORK("Creating cluster network", "create the cluster network"),
    CREATE_VOLUMES("Creating volumes", "create volumes"),
    GENERATE_CERTIFICATES("Generating certificates", "generate certificates"),
    ENSURE_REGISTRY("Starting local registry", "start the local registry"),
    CONNECT_REGISTRY("Connecting local registry", "connect the local registry"),
    START_CONTROL_PLANE("Starting control-plane container", "start the control-plane container"),
    START_ETCD("Starting etcd", "start etcd"),
    START_API_SERVER("Starting API server", "start the API server"),
    CONFIGURE_NODE_BOOTSTRAP("Creating bootstrap token and node RBAC", "create the bootstrap token and node RBAC"),
    CREATE_NODE_CONFIG("Creating node configuration ConfigMap", "create the node configuration ConfigMap"),
    CREATE_REGISTRY_CONFIGMAP("Creating local-registry-hosting ConfigMap", "create the local-registry-hosting ConfigMap"),
    START_WASI_NODE("Starting WASI node", "start the WASI node"),
    REGISTER_WASI_NODE("Registering WASI node", "register the WASI node"),
    ROUTE_ENDPOINT("Routing cluster endpoint", "route the cluster endpoint"),
    ISSUE_KUBECONFIG("Issuing admin kubeconfig", "issue the admin kubeconfig");

    private final String title;
    private final String action;

    ProvisionStep(String title, String action) {
        this.title = title;
        this.action = action;
    }

    /** The step as the UI shows it. */
    public String title() {
        return title;
    }

    /** The step as an error names it: "failed to <action> for cluster c42: …" (docs/architecture.md, "Conventions"). */
    public String action() {
        return action;
    }
}
