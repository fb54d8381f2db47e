package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.endpoint.ClusterEndpoint;
import dev.hearth.agent.pki.PkiIssuer;
import dev.hearth.agent.registry.HostRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Provisions a cluster by running its plan's steps in order, each a small idempotent class. The only
 * part of the agent that acts on Docker and on the cluster's API (docs/architecture.md, "Conventions").
 */
@ApplicationScoped
public class ClusterExecutor {

    private static final Logger LOG = Logger.getLogger(ClusterExecutor.class);

    private final DockerClient docker;
    private final HostRegistry registry;
    private final ClusterTeardown teardown;
    private final AgentSettings settings;
    private final ClusterEndpoint endpoint;
    private final ProvisionSteps steps;

    public ClusterExecutor(DockerEndpoint docker, HostRegistry registry, ClusterTeardown teardown, AgentSettings settings,
            Clock clock) {
        this.docker = docker.client();
        this.registry = registry;
        this.teardown = teardown;
        this.settings = settings;
        this.endpoint = new ClusterEndpoint(docker, settings);
        this.steps = new ProvisionSteps(this.docker, registry, new PkiIssuer(clock, new SecureRandom()), endpoint, settings);
    }

    /**
     * The host's endpoint routes exactly its running clusters (level-triggered; the reconciler calls
     * this after every pass). Nothing happens on a host without an endpoint image.
     */
    public void syncEndpoint() {
        endpoint.sync();
    }

    /** The host's registry, whose read-side access table the reconciler keeps up to date. */
    public HostRegistry registry() {
        return registry;
    }

    /**
     * Runs every step of the plan; on success the cluster is READY.
     *
     * @throws ProvisionException when a step fails, after the rollback policy has run
     * @throws InterruptedException when the run was cancelled; nothing is rolled back, a later run resumes
     */
    public ProvisionResult provision(ClusterPlan plan, StepListener listener) throws InterruptedException {
        try (ProvisionContext context = new ProvisionContext(plan)) {
            run(steps(plan), context, listener);
            return context.result().orElseThrow(() -> new IllegalStateException("the plan of cluster "
                    + plan.clusterId() + " has no " + IssueKubeconfig.class.getSimpleName() + " step"));
        }
    }

    /**
     * Runs the plan's steps up to and including {@code last} and stops, as an agent killed right after
     * that step would have; how the crash-resume tests make a half-provisioned cluster.
     */
    public void provisionUntil(ClusterPlan plan, Class<? extends Step> last) throws InterruptedException {
        List<Step> steps = steps(plan);
        int end = steps.indexOf(steps.stream().filter(last::isInstance).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the plan of cluster " + plan.clusterId() + " has no " + last.getSimpleName())))
                + 1;
        try (ProvisionContext context = new ProvisionContext(plan)) {
            run(steps.subList(0, end), context, StepListener.NONE);
        }
    }

    /** The plan's steps, in order: what {@link #provision} runs. */
    public List<Step> steps(ClusterPlan plan) {
        return steps.of(plan);
    }

    private void run(List<Step> steps, ProvisionContext context, StepListener listener) throws InterruptedException {
        ClusterPlan plan = context.plan();
        for (Step step : steps) {
            if (Thread.interrupted()) {
                // Cancelled between steps: stop before the next one makes anything new.
                throw new InterruptedException("provisioning of cluster " + plan.clusterId() + " was cancelled");
            }
            listener.starting(step);
            long start = System.nanoTime();
            try {
                step.run(context);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // A client call cut short by the cancellation, not a failure of the cluster.
                    throw new InterruptedException("provisioning of cluster " + plan.clusterId() + " was cancelled");
                }
                throw failed(plan, step, e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debugf("cluster %s: %s took %d ms", plan.clusterId(), step.title(), took.toMillis());
            listener.finished(step, took);
        }
    }

    /**
     * The rollback policy, in one place: a failed step's diagnostics are kept in the error, then the
     * cluster's objects are removed, so the retry after back-off starts clean with fresh certificates —
     * a half-made control plane is not worth nursing, and nothing was handed out yet (the kubeconfig
     * is the last step). A cancelled run (interrupt) rolls nothing back: a restarted agent resumes it.
     */
    private ProvisionException failed(ClusterPlan plan, Step step, RuntimeException error) {
        var failure = new ProvisionException(step, plan.clusterId(), error, ContainerDiagnostics.of(docker, plan));
        LOG.debugf(error, "cluster %s: %s failed", plan.clusterId(), step.title());
        try {
            teardown.remove(plan.clusterId());
        } catch (RuntimeException rollback) {
            failure.addSuppressed(rollback);
            LOG.debugf(rollback, "cluster %s: rollback after failure left objects behind", plan.clusterId());
        }
        return failure;
    }
}
