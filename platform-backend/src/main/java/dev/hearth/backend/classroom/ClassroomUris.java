package dev.hearth.backend.classroom;

import dev.hearth.backend.portal.Uris;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The classroom pages' links, seats and their demo pod logs included ({@code {uri:classroom(c.id)}}).
 * Built from {@link ClassroomPages}'s {@code @Path}s, so a renamed path or method breaks here, at build time,
 * not as a dead link. The feature owns its links; every template reads them in the one
 * {@code uri:} namespace (portal.Uris has the rest and says why; its own priority, as Qute wants one
 * resolver per priority in a namespace).
 */
@TemplateExtension(namespace = "uri", priority = 10)
public final class ClassroomUris {

    private ClassroomUris() {
    }

    static String classrooms() {
        return UriBuilder.fromResource(ClassroomPages.class).build().toString();
    }

    static String classroomJoin() {
        return Uris.of(ClassroomPages.class, "joinPage").toString();
    }

    static String classroom(Object id) {
        return Uris.of(ClassroomPages.class, "board", id).toString();
    }

    static String classroomHead(Object id) {
        return Uris.of(ClassroomPages.class, "head", id).toString();
    }

    static String classroomLive(Object id, long after) {
        return UriBuilder.fromResource(ClassroomPages.class).path(ClassroomPages.class, "live")
                .queryParam("after", after).build(id).toString();
    }

    /** A classroom action by its method name in ClassroomPages: provision, end, newCode (revokeCode shares it). */
    static String classroomAction(Object id, String method) {
        return Uris.of(ClassroomPages.class, method, id).toString();
    }

    /** A seat action by its method name in ClassroomPages: reset, extend, remove, logs. */
    static String seatAction(Object id, Object seatId, String method) {
        return Uris.of(ClassroomPages.class, method, id, seatId).toString();
    }

    /** A seat's demo pod log: the live stream and the download (SeatLogPages). */
    static String seatPodLog(Object id, Object seatId) {
        return UriBuilder.fromResource(SeatLogPages.class).build(id, seatId).toString();
    }

    static String seatPodLogDownload(Object id, Object seatId) {
        return Uris.of(SeatLogPages.class, "download", id, seatId).toString();
    }

    static String classroomSummary(Object id) {
        return Uris.of(ClassroomPages.class, "summary", id).toString();
    }

    static String classroomSummaryCsv(Object id) {
        return Uris.of(ClassroomPages.class, "summaryCsv", id).toString();
    }
}
