package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import dev.hearth.agent.channel.AgentChannel;
import dev.hearth.agent.channel.ChannelLost;
import dev.hearth.agent.docker.DockerEndpoint;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The agent's end of tunnels (docs/agent-channel.md, "Tunnels"): each {@link TunnelOpen} of an
 * {@link TunnelTarget.Exec} attaches to a shell in the cluster's toolbox ({@link ExecContainers}
 * decides which container, or refuses), started with a TTY by docker exec. A named session outlives
 * its tunnel ({@code detach}) for {@code hearth.agent.tunnels.detached-for}, so a reload resumes it;
 * everything else ends with its tunnel. Tunnels end with a reason when the shell exits, the cluster is
 * deleted (its toolbox removed) or the channel drops. Channel events arrive on the channel's thread,
 * so opening (which may start a container) runs on a virtual thread.
 */
@ApplicationScoped
public class ShellSessions implements Shell.Events {

    private static final Logger LOG = Logger.getLogger(ShellSessions.class);
    /** 128 + SIGKILL: how a process ends when its container is killed. */
    private static final long KILLED = 137;

    private record Binding(Shell shell, Attachment attachment) {
    }

    private final ExecContainers containers;
    private final DockerClient docker;
    private final TunnelSettings settings;
    private final Consumer<AgentMessage> out;
    private final ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Binding> tunnels = new ConcurrentHashMap<>();
    private final Map<String, Shell> shells = new ConcurrentHashMap<>();

    @Inject
    public ShellSessions(ExecContainers containers, DockerEndpoint docker, TunnelSettings settings, AgentChannel channel) {
        this(containers, docker, settings, channel::sendLive);
    }

    ShellSessions(ExecContainers containers, DockerEndpoint docker, TunnelSettings settings, Consumer<AgentMessage> out) {
        this.containers = containers;
        // Each attached shell holds one connection to the engine for as long as it runs.
        this.docker = docker.withTimeout(Duration.ofDays(1), settings.maxShells() + 4).client();
        this.settings = settings;
        this.out = out;
    }

    void on(@Observes TunnelOpen open) {
        if (open.target() instanceof TunnelTarget.Http) {
            return; // AppTunnels' to open
        }
        opening.execute(() -> open(open));
    }

    void on(@Observes TunnelData data) {
        Binding binding = tunnels.get(data.tunnelId());
        if (binding == null) {
            return;
        }
        if (!binding.attachment().watch()) {
            binding.shell().input(data.bytes());
        }
        // A watcher's keystrokes are dropped here, whatever its backend sent: read-only is the agent's rule too.
        binding.attachment().consumed(data.bytes().length);
    }

    void on(@Observes TunnelAck ack) {
        Binding binding = tunnels.get(ack.tunnelId());
        if (binding != null) {
            binding.attachment().acked(ack.bytes());
        }
    }

    void on(@Observes TunnelResize resize) {
        Binding binding = tunnels.get(resize.tunnelId());
        if (binding != null && !binding.attachment().watch()) {
            binding.shell().resize(resize.cols(), resize.rows());
        }
    }

    void on(@Observes TunnelClose close) {
        Binding binding = tunnels.remove(close.tunnelId());
        if (binding == null) {
            return;
        }
        binding.shell().detach(binding.attachment());
        boolean resumable = close.detach() && binding.shell().key().contains("/session/");
        if (!binding.attachment().watch() && !resumable) {
            binding.shell().kill("the terminal was closed");
        }
    }

    void on(@Observes ChannelLost lost) {
        // The backend ended these tunnels with the connection; named shells stay for a reload to resume.
        tunnels.forEach((id, binding) -> {
            if (tunnels.remove(id, binding)) {
                binding.shell().detach(binding.attachment());
                if (!binding.shell().key().contains("/session/")) {
                    binding.shell().kill("the host lost its connection to the backend");
                }
            }
        });
    }

    /** Ends named shells nobody has been attached to for {@code detached-for}. */
    @Scheduled(every = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        long limit = settings.detachedFor().toNanos();
        long now = System.nanoTime();
        shells.values().stream()
                .filter(s -> s.attached().isEmpty() && now - s.detachedSinceNanos() > limit)
                .forEach(s -> s.kill("nobody used this terminal for " + settings.detachedFor().toMinutes() + " min"));
    }

    void stop(@Observes ShutdownEvent event) {
        shells.values().forEach(s -> s.kill("the host's agent is stopping"));
        opening.shutdownNow();
    }

    /** Tunnels open now (for tests and the heartbeat). */
    public int openTunnels() {
        return tunnels.size();
    }

    /** Shells running now, attached or not. */
    public int runningShells() {
        return shells.size();
    }

    @Override
    public void ended(Shell shell, String reason) {
        shells.remove(shell.key(), shell);
        String why = reason != null ? reason : whyEnded(shell);
        for (Attachment attachment : List.copyOf(shell.attached())) {
            if (tunnels.remove(attachment.tunnelId()) != null) {
                out.accept(new TunnelClose(attachment.tunnelId(), why));
            }
            attachment.close();
        }
    }

    @Override
    public void stalled(Shell shell, Attachment attachment) {
        if (tunnels.remove(attachment.tunnelId()) != null) {
            LOG.infof("tunnel %s to cluster %s: nobody read it for %s; closed", attachment.tunnelId(), shell.clusterId(),
                    settings.stallTimeout());
            out.accept(new TunnelClose(attachment.tunnelId(), "nobody read this terminal"));
        }
    }

    private void open(TunnelOpen open) {
        try {
            if (!(open.target() instanceof TunnelTarget.Exec exec)) {
                throw new TunnelRefusedException("refused: this agent opens terminals only, not "
                        + open.target().getClass().getSimpleName());
            }
            if (tunnels.size() >= settings.maxPerHost()) {
                throw new TunnelRefusedException("this host has " + settings.maxPerHost()
                        + " terminals open, its limit; try again later");
            }
            attach(open, exec);
        } catch (TunnelRefusedException e) {
            out.accept(new TunnelClose(open.tunnelId(), e.getMessage()));
        } catch (DockerException | IllegalStateException e) {
            LOG.infof("tunnel %s to cluster %s failed: %s", open.tunnelId(), open.clusterId(), e.getMessage());
            out.accept(new TunnelClose(open.tunnelId(), "the terminal could not be started: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attach(TunnelOpen open, TunnelTarget.Exec exec) throws InterruptedException {
        String container = containers.find(open.clusterId(), exec.role());
        // Sessions are per cluster: a name can never reach another cluster's shell.
        String key = exec.session() == null ? open.clusterId() + "/tunnel/" + open.tunnelId()
                : open.clusterId() + "/session/" + exec.session();
        Shell shell = shells.get(key);
        if (shell == null || shell.over() || !shell.container().equals(container)) {
            if (exec.watch()) {
                throw new TunnelRefusedException("this terminal is not open");
            }
            if (shells.size() >= settings.maxShells()) {
                throw new TunnelRefusedException("this host runs " + settings.maxShells()
                        + " terminals, its limit; try again later");
            }
            if (exec.command().isEmpty()) {
                throw new TunnelRefusedException("refused: no command to run");
            }
            shell = new Shell(key, open.clusterId(), container, docker, settings.replayBytes(), this);
            shells.put(key, shell);
            shell.start(exec.command(), List.of("TERM=xterm-256color"), exec.cols(), exec.rows());
        }
        if (!exec.watch()) {
            Attachment previous = shell.controller();
            if (previous != null && tunnels.remove(previous.tunnelId()) != null) {
                // The same terminal opened again (a second tab, a reload before the old socket closed): the newest wins.
                shell.detach(previous);
                out.accept(new TunnelClose(previous.tunnelId(), "this terminal was opened in another window"));
            }
            shell.resize(exec.cols(), exec.rows());
        }
        Attachment attachment = new Attachment(open.tunnelId(), exec.watch(), open.window(), out, settings.stallTimeout());
        tunnels.put(open.tunnelId(), new Binding(shell, attachment));
        shell.attach(attachment);
    }

    private String whyEnded(Shell shell) {
        Long exit = shell.exitCode();
        if (exit != null && exit != KILLED) {
            return "the shell exited";
        }
        // Killed: by the participant, or with its container when the cluster is deleted. The engine marks
        // the container stopped a moment after the processes in it are gone, so look again briefly.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        try {
            while (containers.stillRunning(shell.container())) {
                if (System.nanoTime() > deadline) {
                    return "the shell was killed";
                }
                Thread.sleep(100);
            }
        } catch (DockerException e) {
            return "the shell ended";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the cluster was deleted; its terminal is gone";
    }
}
