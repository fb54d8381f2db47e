package dev.hearth.agent.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.hearth.agent.plan.Hardening;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Runs one {@link BuildPlan}'s builder container and returns the module: the only class of the build
 * service that talks to Docker about builds. The container is always removed, whatever happened.
 */
final class BuildContainer {

    private final DockerClient docker;
    /** For the calls that wait on purpose (following the log to the end): bounded by the build's own time limit. */
    private final DockerClient waiting;

    BuildContainer(DockerClient docker, DockerClient waiting) {
        this.docker = docker;
        this.waiting = waiting;
    }

    /** Compiles; the compiler's output goes to {@code log} as it comes. */
    byte[] compile(BuildPlan plan, BuildLog log) throws BuildFailedException, InterruptedException {
        String id = create(plan);
        try {
            docker.copyArchiveToContainerCmd(id).withRemotePath("/src")
                    .withTarInputStream(new ByteArrayInputStream(tar(plan.sourcePath().substring("/src/".length()), plan.source())))
                    .exec();
            docker.startContainerCmd(id).exec();
            follow(plan, id, log);
            return module(plan, id);
        } finally {
            remove(id);
        }
    }

    private String create(BuildPlan plan) {
        BuildLimits limits = plan.limits();
        HostConfig host = HostConfig.newHostConfig()
                // No network at all: the source comes in by copy, the module goes out by copy, the agent pushes.
                .withNetworkMode("none")
                .withMemory(limits.memoryBytes())
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus())
                .withPidsLimit(limits.pids())
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of(Hardening.NO_NEW_PRIVILEGES))
                // Read-only but for the source and module (anonymous volumes, so the source can be copied
                // in before the start; removed with the container) and the compilers' scratch space.
                .withReadonlyRootfs(true)
                .withMounts(List.of(new Mount().withType(MountType.VOLUME).withTarget("/src"),
                        new Mount().withType(MountType.VOLUME).withTarget("/out")))
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m,mode=1777", "/work", "rw,nosuid,nodev,size=64m,mode=1777"));
        try {
            return docker.createContainerCmd(plan.builderImage()).withName(plan.containerName())
                    .withLabels(plan.labels()).withCmd(plan.command()).withHostConfig(host).exec().getId();
        } catch (ConflictException leftover) {
            // A container of this build survived an agent crash: this run replaces it.
            remove(plan.containerName());
            return docker.createContainerCmd(plan.builderImage()).withName(plan.containerName())
                    .withLabels(plan.labels()).withCmd(plan.command()).withHostConfig(host).exec().getId();
        }
    }

    /** Streams the output until the compiler exits, its time is up, or it printed too much. */
    private void follow(BuildPlan plan, String id, BuildLog log) throws BuildFailedException, InterruptedException {
        BuildLimits limits = plan.limits();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong printed = new AtomicLong();
        AtomicBoolean flooded = new AtomicBoolean();
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                long before = printed.getAndAdd(payload.length);
                if (before + payload.length > limits.maxOutputBytes()) {
                    int allowed = (int) Math.max(0, limits.maxOutputBytes() - before);
                    log.output(Arrays.copyOf(payload, allowed));
                    flooded.set(true);
                    done.countDown();
                } else {
                    log.output(payload);
                }
            }

            @Override
            public void onComplete() {
                done.countDown();
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }
        };
        waiting.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(callback);
        boolean exited = done.await(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            callback.close();
        } catch (IOException e) {
            // The stream is over either way.
        }
        if (flooded.get()) {
            kill(id);
            throw new BuildFailedException("the build printed more than " + Sizes.human(limits.maxOutputBytes())
                    + " of output and was stopped");
        }
        if (!exited) {
            kill(id);
            throw new BuildFailedException("the build took longer than " + seconds(limits) + " and was stopped");
        }
        InspectContainerResponse.ContainerState state = awaitExit(id);
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            throw new BuildFailedException("the compiler ran out of memory (" + Sizes.human(limits.memoryBytes()) + ")");
        }
        Long exit = state.getExitCodeLong();
        if (exit == null || exit != 0) {
            throw new BuildFailedException(FailureMessages.firstError(log.lines())
                    .orElse("the compiler failed (exit status " + exit + ")"));
        }
    }

    /** The log stream ends as the process exits; Docker records the exit a moment later. */
    private InspectContainerResponse.ContainerState awaitExit(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var state = docker.inspectContainerCmd(id).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning()) || System.nanoTime() > deadline) {
                return state;
            }
            Thread.sleep(50);
        }
    }

    private byte[] module(BuildPlan plan, String id) throws BuildFailedException {
        long max = plan.limits().maxModuleBytes();
        try (InputStream archive = docker.copyArchiveFromContainerCmd(id, BuildPlan.MODULE_PATH).exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                throw new BuildFailedException("the compiler wrote no module");
            }
            if (entry.getSize() > max) {
                throw new BuildFailedException("the module is " + entry.getSize() + " bytes, larger than "
                        + Sizes.human(max));
            }
            return tar.readNBytes((int) entry.getSize());
        } catch (NotFoundException e) {
            throw new BuildFailedException("the compiler wrote no module");
        } catch (IOException e) {
            throw new BuildFailedException("failed to copy the module out of the builder: " + e.getMessage());
        }
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException e) {
            // Exited on its own meanwhile.
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Gone already.
        }
    }

    private static String seconds(BuildLimits limits) {
        long millis = limits.timeout().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static byte[] tar(String name, byte[] content) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            var entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException("writing a tar in memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
