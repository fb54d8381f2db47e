package dev.hearth.agent.tunnel;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * A process with a terminal in a cluster's container (docker exec with a TTY), and the tunnels
 * attached to it: at most one controlling, any number watching. Output goes to every attachment and
 * into the replay buffer; input comes from the controlling tunnel only.
 */
final class Shell {

    private static final Logger LOG = Logger.getLogger(Shell.class);

    private final String key;
    private final String clusterId;
    private final String container;
    private final DockerClient docker;
    private final ReplayBuffer replay;
    private final StdinPipe stdin = new StdinPipe();
    private final List<Attachment> attached = new CopyOnWriteArrayList<>();
    private final Events events;
    private volatile String execId;
    private volatile Closeable stream;
    private volatile long detachedSinceNanos = System.nanoTime();
    private volatile boolean over;

    /** What the shell tells its owner, on the exec's output thread. */
    interface Events {
        /** The process ended ({@code reason} null: it exited by itself). */
        void ended(Shell shell, String reason);

        /** The attachment's reader acknowledged nothing for the stall timeout; it was detached. */
        void stalled(Shell shell, Attachment attachment);
    }

    Shell(String key, String clusterId, String container, DockerClient docker, int replayBytes, Events events) {
        this.key = key;
        this.clusterId = clusterId;
        this.container = container;
        this.docker = docker;
        this.replay = new ReplayBuffer(replayBytes);
        this.events = events;
    }

    String key() {
        return key;
    }

    String clusterId() {
        return clusterId;
    }

    String container() {
        return container;
    }

    /** The exec's exit code once it ended; null while it runs or when the engine no longer knows it. */
    Long exitCode() {
        String id = execId;
        if (id == null) {
            return null;
        }
        try {
            return docker.inspectExecCmd(id).exec().getExitCodeLong();
        } catch (DockerException e) {
            return null;
        }
    }

    List<Attachment> attached() {
        return attached;
    }

    /** Starts the process; {@code env} as {@code NAME=value}. */
    void start(List<String> command, List<String> env, int cols, int rows) {
        execId = docker.execCreateCmd(container).withTty(true).withAttachStdin(true).withAttachStdout(true)
                .withAttachStderr(true).withEnv(env).withCmd(command.toArray(String[]::new)).exec().getId();
        stream = docker.execStartCmd(execId).withTty(true).withStdIn(stdin).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output(frame.getPayload());
            }

            @Override
            public void onError(Throwable error) {
                finish("the terminal's connection to its container failed: " + error.getMessage());
            }

            @Override
            public void onComplete() {
                finish(null);
            }
        });
        resize(cols, rows);
    }

    /** Attaches a tunnel: it gets the empty "open" frame, then the replay, then live output. */
    synchronized void attach(Attachment attachment) throws InterruptedException {
        attachment.opened();
        byte[] recent = replay.contents();
        if (recent.length > 0) {
            attachment.send(recent);
        }
        attached.add(attachment);
    }

    void detach(Attachment attachment) {
        attached.remove(attachment);
        attachment.close();
        if (controller() == null) {
            detachedSinceNanos = System.nanoTime();
        }
    }

    /** The controlling attachment, if one is attached. */
    Attachment controller() {
        return attached.stream().filter(a -> !a.watch()).findFirst().orElse(null);
    }

    long detachedSinceNanos() {
        return detachedSinceNanos;
    }

    void input(byte[] bytes) {
        stdin.write(bytes);
    }

    void resize(int cols, int rows) {
        String id = execId;
        if (id == null || over) {
            return;
        }
        try {
            docker.resizeExecCmd(id).withSize(rows, cols).exec();
        } catch (DockerException | IllegalStateException e) {
            LOG.debugf("resizing a terminal of cluster %s failed: %s", clusterId, e.getMessage());
        }
    }

    /** Ends the process: closing its terminal hangs it up (the shell gets SIGHUP). */
    void kill(String reason) {
        stdin.close();
        Closeable open = stream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.debugf("closing a terminal's stream failed: %s", e.getMessage());
            }
        }
        finish(reason);
    }

    private synchronized void output(byte[] bytes) {
        replay.append(bytes);
        for (Attachment attachment : attached) {
            try {
                if (!attachment.send(bytes)) {
                    // Its backend end is gone and will never acknowledge: the shell must not wait for it.
                    detach(attachment);
                    events.stalled(this, attachment);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void finish(String reason) {
        if (!over) {
            over = true;
            stdin.close();
            events.ended(this, reason);
        }
    }

    boolean over() {
        return over;
    }
}
