package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ContainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failed start leaves to read (the Testcontainers habit): each of the cluster's containers'
 * state and last log lines, attached to the error so the user and the operator see why.
 */
final class ContainerDiagnostics {

    static final int LOG_LINES = 20;

    private ContainerDiagnostics() {
    }

    static String of(DockerClient docker, ClusterPlan plan) {
        List<String> parts = new ArrayList<>();
        for (ContainerSpec container : plan.containers()) {
            try {
                parts.add(describe(docker, container.name()));
            } catch (NotFoundException e) {
                // Not created yet: nothing to show.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                parts.add("container " + container.name() + ": could not be inspected (" + Failures.describe(e) + ")");
            }
        }
        return String.join("\n", parts);
    }

    private static String describe(DockerClient docker, String name) throws InterruptedException {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(name).exec().getState();
        StringBuilder text = new StringBuilder("container ").append(name).append(" is ").append(state.getStatus());
        if (!Boolean.TRUE.equals(state.getRunning())) {
            text.append(" (exit code ").append(state.getExitCodeLong());
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                text.append(", killed for exceeding its memory limit");
            }
            if (state.getError() != null && !state.getError().isBlank()) {
                text.append(", ").append(state.getError());
            }
            text.append(')');
        }
        List<String> lines = ContainerLogs.tail(docker, name, LOG_LINES);
        text.append("; last ").append(lines.size()).append(" log lines:");
        lines.forEach(line -> text.append("\n  ").append(line));
        return text.toString();
    }
}
