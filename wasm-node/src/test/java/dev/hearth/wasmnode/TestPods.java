package dev.hearth.wasmnode;

import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Pods for a test node, bound to it by {@code spec.nodeName} (the test cluster runs no scheduler), with
 * the WASI tolerations, and waits on what a user sees of them.
 */
public final class TestPods {

    public static final Duration SHORT = Duration.ofSeconds(60);

    private final KubernetesClient admin;
    private final String nodeName;

    public TestPods(KubernetesClient admin, String nodeName) {
        this.admin = admin;
        this.nodeName = nodeName;
    }

    /** A pod of one container running the test module {@code module} with {@code args}, restartPolicy Never. */
    public PodBuilder pod(String ns, String name, String module, List<String> args) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec()
                    .withNodeName(nodeName)
                    .withRestartPolicy("Never")
                    // No projected service-account volume: its kube-root-ca.crt ConfigMap may not be published yet
                    // in a namespace this new, and these pods are about their own volumes.
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer().withName("main").withImage(TestImages.REGISTRY + module + ":latest").withArgs(args)
                    .endContainer()
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoSchedule").endToleration()
                    .addNewToleration().withKey("kubernetes.io/arch").withOperator("Equal").withValue("wasm32-wasi")
                        .withEffect("NoExecute").endToleration()
                .endSpec();
    }

    public Pod create(Pod pod) {
        return admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    public Pod get(String ns, String name) {
        return admin.pods().inNamespace(ns).withName(name).get();
    }

    /** Waits until the pod's phase is one of {@code phases}, and returns it. */
    public Pod awaitPhase(String ns, String name, Duration timeout, String... phases) {
        Set<String> wanted = Set.of(phases);
        try {
            TestCluster.waitFor(timeout, "pod " + ns + "/" + name + " to be " + wanted, () -> {
                Pod pod = get(ns, name);
                return pod != null && pod.getStatus() != null && wanted.contains(pod.getStatus().getPhase());
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; the pod: " + describe(get(ns, name)), e);
        }
        return get(ns, name);
    }

    /** What a test failure should show of a pod: its phase, reason, message and containers' states. */
    public static String describe(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return "no status";
        }
        var status = pod.getStatus();
        return pod.getMetadata().getName() + " " + status.getPhase() + " " + status.getReason() + ": " + status.getMessage()
                + " " + status.getContainerStatuses();
    }

    public Pod awaitPhase(String ns, String name, String... phases) {
        return awaitPhase(ns, name, SHORT, phases);
    }
}
