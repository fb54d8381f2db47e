package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a container's log (stdout and stderr together) as lines. */
final class ContainerLogs {

    private ContainerLogs() {
    }

    /** The last {@code lines} lines. */
    static List<String> tail(DockerClient docker, String container, int lines) throws InterruptedException {
        return read(docker.logContainerCmd(container).withTail(lines));
    }

    /** Everything logged since {@code epochSecond}, e.g. since the container last started. */
    static List<String> since(DockerClient docker, String container, int epochSecond) throws InterruptedException {
        return read(docker.logContainerCmd(container).withSince(epochSecond));
    }

    private static List<String> read(LogContainerCmd command) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        };
        command.withStdOut(true).withStdErr(true).withFollowStream(false).exec(callback);
        if (!callback.awaitCompletion(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reading the container's log took longer than 10 s");
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.toString().split("\n")));
        lines.removeIf(String::isBlank);
        return lines;
    }
}
