package dev.hearth.agent.reconcile;

import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Where observations go when no agent channel is wired in (an agent run without a backend): the log.
 * The channel's own {@link ObservationSink} replaces this bean as soon as it exists.
 */
@DefaultBean
@ApplicationScoped
public class LoggingObservationSink implements ObservationSink {

    private static final Logger LOG = Logger.getLogger(LoggingObservationSink.class);

    @Override
    public void observed(ClusterObserved observation) {
        LOG.infof("cluster %s (generation %d): %s%s%s", observation.id(), observation.generation(), observation.phase(),
                observation.step() == null ? "" : " - " + observation.step(),
                observation.message() == null ? "" : ": " + observation.message());
    }

    @Override
    public void credentials(Credentials credentials) {
        LOG.infof("cluster %s: admin kubeconfig issued", credentials.clusterId());
    }
}
