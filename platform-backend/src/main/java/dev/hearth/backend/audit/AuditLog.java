package dev.hearth.backend.audit;

import dev.hearth.backend.identity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Records actions; callers use it inside their own transaction so a change and its audit row commit together. */
@ApplicationScoped
public class AuditLog {

    /** The audited actions (the {@code action} column). */
    public enum Action {
        CLUSTER_CREATE("cluster.create"),
        CLUSTER_DELETE("cluster.delete"),
        CLUSTER_EXTEND("cluster.extend"),
        CLUSTER_EXPIRE("cluster.expire"),
        TOKEN_CREATE("token.create"),
        TOKEN_REVOKE("token.revoke"),
        HOST_ENROL("host.enrol"),
        HOST_CONNECT("host.connect"),
        HOST_CONNECT_REFUSED("host.connect-refused"),
        /** An agent's report or message outside what its host may say (foreign kubeconfig, capacity, stream). */
        HOST_REPORT_REFUSED("host.report-refused"),
        HOST_UNREACHABLE("host.unreachable"),
        HOST_DRAIN("host.drain"),
        HOST_UNDRAIN("host.undrain"),
        HOST_RETIRE("host.retire"),
        CLUSTER_LOST("cluster.lost"),
        CLASSROOM_CREATE("classroom.create"),
        CLASSROOM_PROVISION("classroom.provision"),
        CLASSROOM_END("classroom.end"),
        CLASSROOM_CODE_ROTATE("classroom.code-rotate"),
        CLASSROOM_CODE_REVOKE("classroom.code-revoke"),
        SEAT_JOIN("seat.join"),
        SEAT_RESET("seat.reset"),
        SEAT_EXTEND("seat.extend"),
        SEAT_REMOVE("seat.remove"),
        DEMO_BUILD("demo.build"),
        DEMO_RUN("demo.run"),
        DEMO_RESTART("demo.restart"),
        TERMINAL_OPEN("terminal.open"),
        TERMINAL_CLOSE("terminal.close"),
        /** A classroom's instructor opened a seat's terminal read-only. */
        TERMINAL_WATCH("terminal.watch");

        private final String value;

        Action(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller caller, Action action, String targetType, String targetId, String detail) {
        write(caller.userId(), caller.username(), caller.via(), action, targetType, targetId, detail);
    }

    /**
     * For a person known from an earlier request (a terminal socket closing long after its upgrade,
     * when there is no request and so no {@link Caller}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordFor(UUID actorId, String actorName, String via, Action action, String targetType, String targetId,
            String detail) {
        write(actorId, actorName, via, action, targetType, targetId, detail);
    }

    /** For what Hearth does by itself (the reaper, agent reports). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSystem(Action action, String targetType, String targetId, String detail) {
        write(null, "system", "system", action, targetType, targetId, detail);
    }

    /** For what a host's agent did, authenticated by its host token rather than as a person. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAgent(String hostName, Action action, String targetType, String targetId, String detail) {
        write(null, "agent:" + hostName, "host-token", action, targetType, targetId, detail);
    }

    public List<AuditEvent> forTarget(String targetType, String targetId) {
        return AuditEvent.list("targetType = ?1 and targetId = ?2 order by id", targetType, targetId);
    }

    private void write(java.util.UUID actorId, String actorName, String via, Action action, String targetType,
            String targetId, String detail) {
        AuditEvent event = new AuditEvent();
        event.at = clock.instant();
        event.actorId = actorId;
        event.actorName = actorName;
        event.via = via;
        event.action = action.value();
        event.targetType = targetType;
        event.targetId = targetId;
        event.detail = detail;
        event.persist();
    }
}
