package dev.hearth.agent.channel;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.ObservedPhase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent has reported, kept so a reconnect loses nothing (docs/agent-channel.md): the newest observation
 * of each cluster and its credentials. Reports are level-like — the newest observation says all
 * there is to say — so older ones are replaced rather than queued. A cluster is forgotten once it is
 * reported DELETED and no longer desired.
 */
final class PendingReports {

    private final Map<String, ClusterObserved> newest = new LinkedHashMap<>();
    private final Map<String, Credentials> credentials = new LinkedHashMap<>();

    synchronized void observed(ClusterObserved observation) {
        newest.put(observation.id(), observation);
    }

    synchronized void credentials(Credentials issued) {
        credentials.put(issued.clusterId(), issued);
    }

    /** Everything to send again on a new connection: credentials first, so a READY finds its kubeconfig stored. */
    synchronized List<AgentMessage> replay() {
        List<AgentMessage> messages = new ArrayList<>(credentials.values());
        messages.addAll(newest.values());
        return messages;
    }

    /** Forgets clusters that are gone: reported DELETED and not in the backend's newest desired set. */
    synchronized void retain(Collection<String> desiredIds) {
        newest.values().removeIf(o -> o.phase() == ObservedPhase.DELETED && !desiredIds.contains(o.id()));
        credentials.keySet().removeIf(id -> !newest.containsKey(id) && !desiredIds.contains(id));
    }
}
