package dev.hearth.backend.cluster;

import io.quarkus.qute.TemplateExtension;

/** How a phase looks on a page: {@code {c.phase.label}}, {@code {c.phase.tone}} (badge colour), … */
@TemplateExtension
final class ClusterPhaseDisplay {

    private ClusterPhaseDisplay() {
    }

    static String label(ClusterPhase phase) {
        String name = phase.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Badge colour: ok, warn, bad, info, or plain. */
    static String tone(ClusterPhase phase) {
        return switch (phase) {
            case READY -> "ok";
            case REQUESTED, SCHEDULED, PROVISIONING -> "info";
            case DELETING, LOST -> "warn";
            case FAILED -> "bad";
            case DELETED -> "plain";
        };
    }

    /** Whether something is still happening, so the badge pulses. */
    static boolean busy(ClusterPhase phase) {
        return phase == ClusterPhase.REQUESTED || phase == ClusterPhase.SCHEDULED
                || phase == ClusterPhase.PROVISIONING || phase == ClusterPhase.DELETING;
    }

    /** Delete is offered until deletion has begun; a FAILED cluster still holds quota, so it can be deleted. */
    static boolean deletable(ClusterPhase phase) {
        return phase != ClusterPhase.DELETING && phase != ClusterPhase.DELETED;
    }

    static boolean queued(ClusterPhase phase) {
        return phase == ClusterPhase.REQUESTED;
    }

    static boolean ready(ClusterPhase phase) {
        return phase == ClusterPhase.READY;
    }

    /** Nothing will change any more, so the detail page stops polling. */
    static boolean settled(ClusterPhase phase) {
        return phase == ClusterPhase.DELETED;
    }
}
