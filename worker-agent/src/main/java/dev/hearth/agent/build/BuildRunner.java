package dev.hearth.agent.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.channel.AgentChannel;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.agent.registry.HostRegistry;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.BuildStatus;
import dev.hearth.protocol.LogStreamId;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Builds participants' sources on this host (issue 5): each {@code BuildRequest} is QUEUED at once,
 * RUNNING when one of the host's build slots takes it, then SUCCEEDED with the pushed image and digest
 * or FAILED with one line saying why. Its log streams as {@code build/<id>} and always ends.
 */
@ApplicationScoped
public class BuildRunner {

    private static final Logger LOG = Logger.getLogger(BuildRunner.class);

    private final AgentSettings settings;
    private final DockerClient docker;
    private final DockerEndpoint waiting;
    private final HostRegistry registry;
    private final Consumer<AgentMessage> sink;
    private final BuildPlanner planner;
    private final BuildCache cache;
    private final OciArtifactPusher pusher;
    private final FairSlots slots;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("build-log-flush").daemon().factory());
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /**
     * The last results of recently finished builds: a request delivered again (the backend's mailbox
     * re-sends what it is unsure was delivered) gets its result again instead of a second build.
     */
    private final Map<String, BuildResult> finished = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, BuildResult> eldest) {
                    return size() > 1000;
                }
            });
    private final Map<String, String> builderImageIds = new ConcurrentHashMap<>();

    @Inject
    public BuildRunner(DockerEndpoint docker, AgentSettings settings, HostRegistry registry, AgentChannel channel,
            Clock clock) {
        this(docker, settings, registry, (Consumer<AgentMessage>) channel::send, clock);
    }

    public BuildRunner(DockerEndpoint docker, AgentSettings settings, HostRegistry registry, Consumer<AgentMessage> sink,
            Clock clock) {
        this.settings = settings;
        this.docker = docker.client();
        // Following a build's log waits as long as the build may run, longer than any ordinary Docker call.
        this.waiting = docker.withTimeout(settings.build().timeout().plus(Duration.ofSeconds(30)));
        this.registry = registry;
        this.sink = sink;
        this.planner = new BuildPlanner(settings);
        this.cache = new BuildCache(Path.of(settings.build().cacheDir()), settings.build().cacheSize().asLongValue(), clock);
        this.pusher = new OciArtifactPusher(URI.create("http://127.0.0.1:" + settings.registry().port()));
        this.slots = new FairSlots(settings.build().parallelism(), Thread.ofPlatform().name("build-", 0).daemon().factory());
    }

    /** Builder containers an agent crash left behind are removed at start: no build of theirs is running. */
    void onStart(@Observes StartupEvent event) {
        try {
            removeLeftovers();
        } catch (RuntimeException e) {
            // An unreachable engine must not stop the agent starting; the reconciler reports it.
            LOG.warnf("could not look for leftover builder containers: %s", e.getMessage());
        }
    }

    /** The channel's thread hands the build over and returns at once (contracts: observers must not block). */
    void on(@Observes BuildRequest request) {
        submit(request);
    }

    /**
     * Queues a build. A second request for a build already queued or running is ignored; for one that
     * finished lately, its result is sent again.
     */
    public void submit(BuildRequest request) {
        BuildResult done = finished.get(request.buildId());
        if (done != null) {
            sink.accept(done);
            return;
        }
        if (!active.add(request.buildId())) {
            return;
        }
        sink.accept(new BuildResult(request.buildId(), BuildStatus.QUEUED, null, null, null));
        slots.submit(FairSlots.owner(request.image()), () -> run(request));
    }

    /** Removes every builder container of this host; returns how many there were. */
    public int removeLeftovers() {
        var leftovers = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(
                HearthLabels.ROLE, Role.BUILDER.label(), HearthLabels.HOST, settings.hostId())).exec();
        for (var container : leftovers) {
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            } catch (NotFoundException e) {
                // Removed meanwhile.
            }
        }
        return leftovers.size();
    }

    private void run(BuildRequest request) {
        BuildLog log = new BuildLog(new LogStreamId.Build(request.buildId()), sink::accept, settings.build().logBatch(), timer);
        BuildResult result;
        try {
            sink.accept(new BuildResult(request.buildId(), BuildStatus.RUNNING, null, null, null));
            result = build(request, log);
        } catch (BuildRefusedException | BuildFailedException e) {
            result = failed(request, log, e.getMessage());
        } catch (OciArtifactPusher.PushException e) {
            result = failed(request, log, "push failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = failed(request, log, "the agent stopped during the build");
        } catch (RuntimeException e) {
            LOG.warnf(e, "build %s could not run", request.buildId());
            result = failed(request, log, "the build could not run: " + e.getMessage());
        }
        log.end();
        finished.put(request.buildId(), result);
        active.remove(request.buildId());
        sink.accept(result);
    }

    private BuildResult build(BuildRequest request, BuildLog log) throws BuildRefusedException, BuildFailedException,
            OciArtifactPusher.PushException, InterruptedException {
        BuildPlan plan = planner.plan(request);
        String key = BuildCache.key(builderImageId(plan.builderImage()), plan.command().get(0), plan.source());
        Optional<byte[]> cached = cache.get(key);
        byte[] module;
        if (cached.isPresent()) {
            log.line("Compiled before from the same source: using the cached module (" + cached.get().length + " bytes)");
            module = cached.get();
        } else {
            log.line("Compiling " + plan.sourcePath().substring("/src/".length()) + " for wasm32-wasi (limits: "
                    + plan.limits().timeout().toSeconds() + " s, " + Sizes.human(plan.limits().memoryBytes()) + ", "
                    + plan.limits().cpuMillis() / 1000.0 + " CPU, no network)");
            module = new BuildContainer(docker, waiting.client()).compile(plan, log);
            log.line("Compiled: " + module.length + " bytes");
            cache.put(key, module);
        }
        log.line("Pushing " + plan.target() + " …");
        registry.ensureRunning();
        OciArtifactPusher.Pushed pushed = pusher.push(plan.target().repository(), plan.target().tag(), module,
                WasmArtifactFormat.CNCF);
        log.line("Pushed " + plan.target() + "@" + pushed.manifestDigest());
        return new BuildResult(request.buildId(), BuildStatus.SUCCEEDED, plan.target().toString(), pushed.manifestDigest(), null);
    }

    private BuildResult failed(BuildRequest request, BuildLog log, String message) {
        log.line("Build failed: " + message);
        return new BuildResult(request.buildId(), BuildStatus.FAILED, null, null, message);
    }

    /** The builder image's id, part of the cache key: a new toolchain compiles everything afresh. */
    private String builderImageId(String image) throws BuildFailedException {
        try {
            return builderImageIds.computeIfAbsent(image, ref -> docker.inspectImageCmd(ref).exec().getId());
        } catch (NotFoundException e) {
            throw new BuildFailedException("the builder image " + image + " is not on this host");
        }
    }

    @PreDestroy
    void stop() {
        slots.shutdownNow();
        timer.shutdownNow();
        waiting.close();
    }
}
