package dev.hearth.wasmnode;

import dev.hearth.wasmnode.bootstrap.BootstrapCredentials;
import dev.hearth.wasmnode.bootstrap.BootstrapException;
import dev.hearth.wasmnode.bootstrap.ClientCertificateBootstrap;
import dev.hearth.wasmnode.bootstrap.NodeCredentials;
import dev.hearth.wasmnode.bootstrap.NodeKeys;
import dev.hearth.wasmnode.bootstrap.SelfSignedCertificates;
import dev.hearth.wasmnode.bootstrap.ServingCertificateBootstrap;
import dev.hearth.wasmnode.bootstrap.ServingIdentity;
import dev.hearth.wasmnode.kubeletapi.ClientAuthorizer;
import dev.hearth.wasmnode.kubeletapi.KubeletServer;
import dev.hearth.wasmnode.logs.ContainerLogStore;
import dev.hearth.wasmnode.node.NodeAddresses;
import dev.hearth.wasmnode.node.NodeInfo;
import dev.hearth.wasmnode.node.NodeLease;
import dev.hearth.wasmnode.node.NodeRegistration;
import dev.hearth.wasmnode.node.NodeResources;
import dev.hearth.wasmnode.pod.ImageStore;
import dev.hearth.wasmnode.pod.ModuleLauncher;
import dev.hearth.wasmnode.wagi.WagiLimits;
import dev.hearth.wasmnode.pod.PodAdmission;
import dev.hearth.wasmnode.pod.PodContext;
import dev.hearth.wasmnode.pod.PodController;
import dev.hearth.wasmnode.pod.PodSettings;
import dev.hearth.wasmnode.pod.PodStatusPatcher;
import dev.hearth.wasmnode.pod.PodStatusRenderer;
import dev.hearth.wasmnode.pod.SandboxFactory;
import dev.hearth.wasmnode.modules.NodeModules;
import dev.hearth.wasmnode.volume.ClusterObjects;
import dev.hearth.wasmnode.volume.PodSandboxFactory;
import dev.hearth.wasmnode.volume.ServiceAccountTokens;
import dev.hearth.wasmnode.volume.TokenIssuer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The WASI node: joins its cluster as a kubelet does, serves the kubelet API, registers and keeps
 * alive its Node, and runs the WebAssembly pods bound to it (docs/wasm-node.md). {@link #main} runs it from
 * the environment until SIGTERM, then stops the modules, reports the pods and leaves, keeping the
 * Node object.
 */
public final class WasmNode implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WasmNode.class.getName());
    /** How long pods get to report themselves stopped on shutdown. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final NodeSettings settings;
    private final KubernetesClient kubernetes;
    private final KubeletServer server;
    private final NodeRegistration registration;
    private final PodController pods;
    private final SandboxFactory sandboxes;
    private final Thread servingRequest;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WasmNode(NodeSettings settings, KubernetesClient kubernetes, KubeletServer server,
            NodeRegistration registration, PodController pods, SandboxFactory sandboxes, Thread servingRequest) {
        this.settings = settings;
        this.kubernetes = kubernetes;
        this.server = server;
        this.registration = registration;
        this.pods = pods;
        this.sandboxes = sandboxes;
        this.servingRequest = servingRequest;
    }

    public static void main(String[] args) throws InterruptedException {
        // SIGTERM (docker stop) is an orderly shutdown, not a failure: stop, report, exit 0. The handlers
        // go in first, so a signal during the join is not lost; it is acted on once the node is up.
        CountDownLatch terminate = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), ignored -> terminate.countDown());
        }
        WasmNode node;
        try {
            NodeSettings settings = NodeSettings.fromEnvironment(System::getenv);
            node = start(settings,
                    (kubernetes, addresses) -> NodeModules.imageStore(settings, kubernetes,
                            Optional.ofNullable(System.getenv("HEARTH_WASM_EXECUTION"))),
                    (kubernetes, addresses) -> podSandboxes(settings, kubernetes, addresses, Clock.systemUTC()),
                    Clock.systemUTC());
        } catch (IllegalArgumentException | BootstrapException | UncheckedIOException e) {
            System.err.println("wasm-node: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "wasm-node-shutdown"));
        terminate.await();
        node.close();
        System.exit(0);
    }

    /** The node's sandbox factory: volumes and env from the cluster's objects, tokens from the TokenRequest API. */
    public static PodSandboxFactory podSandboxes(NodeSettings settings, KubernetesClient kubernetes, NodeAddresses addresses,
            Clock clock) {
        return new PodSandboxFactory(settings.podsDir(), ClusterObjects.of(kubernetes),
                new ServiceAccountTokens(TokenIssuer.of(kubernetes), clock, settings.tokenRefreshFraction()),
                addresses.internalIp().getHostAddress(), PodSandboxFactory.DEFAULT_MAX_MEMORY_BYTES, settings.volumeLimits());
    }

    /** Joins the cluster and starts everything; returns once the Node is registered. */
    public static WasmNode start(NodeSettings settings, ImageStore images, SandboxFactory sandboxes, Clock clock) {
        return start(settings, (kubernetes, addresses) -> images, (kubernetes, addresses) -> sandboxes, clock);
    }

    /**
     * Joins the cluster and starts everything, making the image store and sandbox factory once the
     * node has its API client and address (they read the cluster's Secrets and ConfigMaps as the node).
     */
    public static WasmNode start(NodeSettings settings, BiFunction<KubernetesClient, NodeAddresses, ImageStore> imageStore,
            BiFunction<KubernetesClient, NodeAddresses, SandboxFactory> sandboxFactory, Clock clock) {
        var random = new SecureRandom();
        var keys = new NodeKeys(random);
        String name = settings.nodeName();
        NodeCredentials credentials = new ClientCertificateBootstrap(name, settings.stateDir().resolve("kubeconfig"),
                () -> BootstrapCredentials.from(settings), keys, clock, Duration.ofMinutes(2)).credentials();
        KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(credentials.clientConfig()).build();
        NodeAddresses addresses = NodeAddresses.discover(settings.nodeIp(), credentials.server(), name);

        var serving = new ServingCertificateBootstrap(name, settings.stateDir().resolve("pki/kubelet-serving.pem"), keys, clock);
        var kept = serving.kept();
        ServingIdentity identity = kept.orElseGet(() -> new SelfSignedCertificates(keys, clock, random)
                .serving(name, addresses.dnsNames(), addresses.ips()));
        var logs = new ContainerLogStore(settings.stateDir().resolve("logs"), settings.logs(), clock);
        KubeletServer server;
        try {
            server = KubeletServer.start(new InetSocketAddress(settings.kubeletPort()), identity, credentials.clusterCa(),
                    new ClientAuthorizer(kubernetes, name, clock, Duration.ofMinutes(1)), logs, clock);
        } catch (IOException e) {
            kubernetes.close();
            throw new UncheckedIOException("failed to start the kubelet API on port " + settings.kubeletPort(), e);
        }
        Thread servingRequest = kept.isPresent() ? null : Thread.ofVirtual().name("serving-certificate")
                .start(() -> serving.request(kubernetes, addresses.dnsNames(), addresses.ips(), server::use));

        var registration = new NodeRegistration(kubernetes, name, addresses, server.port(),
                () -> NodeResources.measure(settings.maxPods(), settings.stateDir()),
                NodeInfo.gather(kubernetes.getKubernetesVersion().getGitVersion(), settings.stateDir()),
                new NodeLease(kubernetes, name, settings.leaseRenewInterval().multipliedBy(4), clock), clock);
        registration.start(settings.leaseRenewInterval(), settings.statusInterval());

        var patcher = new PodStatusPatcher(kubernetes, new PodStatusRenderer(addresses.internalIp()), clock);
        var podSettings = new PodSettings(settings.crashLoop(), settings.imagePull(), Duration.ofSeconds(5));
        var launcher = new ModuleLauncher(clock, settings.maxModules(), addresses.internalIp(),
                WagiLimits.fromEnvironment(System::getenv));
        ImageStore images = imageStore.apply(kubernetes, addresses);
        SandboxFactory sandboxes = sandboxFactory.apply(kubernetes, addresses);
        var pods = new PodController(kubernetes, name,
                pod -> new PodContext(pod, podSettings, images, sandboxes, logs, launcher, patcher, clock), patcher,
                new PodAdmission(settings.maxPods(), settings.maxModules()));
        pods.start();
        LOG.log(Level.INFO, "WASI node {0} is up: kubelet API on {1}:{2,number,#}", name,
                addresses.internalIp().getHostAddress(), server.port());
        return new WasmNode(settings, kubernetes, server, registration, pods, sandboxes, servingRequest);
    }

    public KubernetesClient kubernetes() {
        return kubernetes;
    }

    public KubeletServer server() {
        return server;
    }

    /**
     * Shuts the node down as on SIGTERM: stops the modules and reports the pods, reports the Node not
     * ready (it stays registered, so its pods and name survive a restart), then leaves. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.INFO, "WASI node {0} is shutting down", settings.nodeName());
        try {
            pods.shutdown(SHUTDOWN_GRACE);
            registration.markNotReady("wasm-node stopped");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "WASI node {0} could not report its shutdown: {1}", settings.nodeName(), e.getMessage());
        } finally {
            registration.close();
            sandboxes.close();
            if (servingRequest != null) {
                servingRequest.interrupt();
            }
            server.close();
            kubernetes.close();
            stopped.countDown();
        }
    }
}
