package dev.hearth.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One Hearth for a test class, as separate processes on this machine: the packaged backend on its
 * own database, and worker agents with host identities of their own, enrolled through the admin API
 * with a real Keycloak JWT. Register it as a static {@code @RegisterExtension} field.
 *
 * <p>At the end — passed, failed or aborted (a shutdown hook covers a killed test JVM) — every process
 * is stopped and every Docker object labelled with one of the run's host ids is removed. A failing
 * test's message gets the last lines of every process's log (the full logs are in
 * {@code system-tests/target/logs}).
 */
public final class SystemStack implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    private static final Duration AGENT_ONLINE_WITHIN = Duration.ofSeconds(90);
    private static final int TAIL_LINES = 40;

    private final Map<String, String> backendSettings;
    private final boolean ownPostgres;
    private OwnPostgres postgres;
    private final String runId = "sys" + randomSuffix();
    private final List<Agent> agents = new ArrayList<>();
    private Backend backend;
    private DockerObjects docker;
    private Thread shutdownHook;

    private SystemStack(Map<String, String> backendSettings, boolean ownPostgres) {
        this.backendSettings = Map.copyOf(backendSettings);
        this.ownPostgres = ownPostgres;
    }

    /** A stack whose backend runs with the default settings of its production profile. */
    public static SystemStack withDefaults() {
        return new SystemStack(Map.of(), false);
    }

    /** A stack whose backend gets these extra settings (e.g. short {@code hearth.hosts.*} timeouts). */
    public static SystemStack withBackendSettings(Map<String, String> settings) {
        return new SystemStack(settings, false);
    }

    /**
     * A stack whose backend uses a PostgreSQL of its own ({@link OwnPostgres}), which the test may stop
     * and start ({@link #postgres()}) without disturbing anything else on the machine.
     */
    public static SystemStack withOwnPostgres(Map<String, String> settings) {
        return new SystemStack(settings, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shutdownHook = Thread.ofPlatform().unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        docker = new DockerObjects();
        try {
            Map<String, String> settings = new java.util.HashMap<>(backendSettings);
            if (ownPostgres) {
                postgres = OwnPostgres.start();
                settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
            } else {
                SystemDatabase.recreate();
            }
            backend = Backend.start(runId, settings);
        } catch (RuntimeException | AssertionError e) {
            throw withLogs(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        close();
        List<String> left = agents.stream().flatMap(agent -> docker.objectsOfHost(agent.hostId()).stream()).toList();
        docker.close();
        if (!left.isEmpty()) {
            throw new AssertionError("Docker objects of this run's hosts survived the clean-up: " + left);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withLogs(failure);
    }

    /** A class's {@code @BeforeAll} starts its agents: a failure there needs the logs as much. */
    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withLogs(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withLogs(failure);
    }

    public HearthApi api() {
        return backend.api();
    }

    public Backend backend() {
        return backend;
    }

    /** The stack's own PostgreSQL; only with {@link #withOwnPostgres(Map)}. */
    OwnPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("this stack uses the machine's PostgreSQL; make it withOwnPostgres");
        }
        return postgres;
    }

    public DockerObjects docker() {
        return docker;
    }

    /** Enrols a host named after the run and {@code name}, starts its agent, and waits until it is ONLINE. */
    public Agent startAgent(String name) {
        return startAgent(name, Map.of());
    }

    /** As {@link #startAgent(String)}, with agent settings on top of the run's. */
    public Agent startAgent(String name, Map<String, String> settings) {
        String hostId = runId + "-" + name;
        String token = api().enrolHost(hostId).agentToken();
        Agent agent = Agent.create(hostId, token, backend, settings);
        synchronized (agents) {
            agents.add(agent);
        }
        agent.start();
        Waits.until("host " + hostId + " to be ONLINE (its agent connected)", AGENT_ONLINE_WITHIN, () -> {
            if (!agent.alive()) {
                throw new AssertionError("the agent of " + hostId + " exited during start-up");
            }
            return api().host(hostId).status();
        }, "ONLINE"::equals);
        return agent;
    }

    /** The last lines of every process's log, for a failure message. */
    public String logTails() {
        StringBuilder tails = new StringBuilder();
        List<ManagedProcess> processes = new ArrayList<>();
        if (backend != null) {
            processes.add(backend.process());
        }
        synchronized (agents) {
            agents.forEach(agent -> processes.add(agent.process()));
        }
        for (ManagedProcess process : processes) {
            tails.append("\n----- last ").append(TAIL_LINES).append(" lines of ").append(process.log()).append(" -----\n")
                    .append(process.tail(TAIL_LINES)).append('\n');
        }
        return tails.toString();
    }

    /** Stops every process and removes every Docker object of the run's hosts; safe to call twice. */
    private synchronized void close() {
        List<Agent> started;
        synchronized (agents) {
            started = List.copyOf(agents);
        }
        started.forEach(Agent::stop);
        if (backend != null) {
            backend.process().stop();
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (docker != null) {
            for (Agent agent : started) {
                try {
                    docker.removeHostUntilQuiet(agent.hostId(), Duration.ofSeconds(2), Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    // afterAll names what survived; the other hosts are still cleaned up.
                }
                HostFirewallChains.remove(agent.hostId());
            }
        }
    }

    private AssertionError withLogs(Throwable failure) {
        AssertionError withTails = new AssertionError(failure.getMessage() + "\n" + logTails(), failure);
        withTails.setStackTrace(failure.getStackTrace());
        return withTails;
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString().toLowerCase(Locale.ROOT);
    }
}
