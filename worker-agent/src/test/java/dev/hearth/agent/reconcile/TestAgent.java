package dev.hearth.agent.reconcile;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.ClusterExecutor;
import dev.hearth.agent.provision.ClusterInventory;
import dev.hearth.agent.provision.ClusterTeardown;
import dev.hearth.agent.registry.HostRegistry;
import java.time.Clock;

/** An agent's beans wired by hand as CDI wires them: a fresh one stands for a restarted agent process. */
public final class TestAgent {

    private TestAgent() {
    }

    public static ClusterReconciler reconciler(TestHost host, ObservationSink sink) {
        return reconciler(host.settings(), host.docker(), sink);
    }

    static ClusterReconciler reconciler(AgentSettings settings, DockerEndpoint docker, ObservationSink sink) {
        ClusterTeardown teardown = new ClusterTeardown(docker, settings);
        ClusterExecutor executor = new ClusterExecutor(docker, new HostRegistry(docker, settings), teardown, settings,
                Clock.systemUTC());
        var reconciler = new ClusterReconciler(new ClusterPlanner(settings), executor, new ClusterInventory(docker, settings),
                teardown, docker, sink, settings, Clock.systemUTC());
        reconciler.start();
        return reconciler;
    }

    static ClusterExecutor executor(TestHost host) {
        return new ClusterExecutor(host.docker(), new HostRegistry(host.docker(), host.settings()),
                new ClusterTeardown(host.docker(), host.settings()), host.settings(), Clock.systemUTC());
    }
}
