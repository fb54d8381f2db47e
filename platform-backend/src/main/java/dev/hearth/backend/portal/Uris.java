package dev.hearth.backend.portal;

import dev.hearth.backend.classroom.ClassroomPages;
import dev.hearth.backend.classroom.SeatLogPages;
import dev.hearth.backend.cluster.ClusterPages;
import dev.hearth.backend.demo.DemoPages;
import dev.hearth.backend.host.HostPages;
import dev.hearth.backend.logs.PodPages;
import dev.hearth.backend.token.TokenPages;
import io.quarkus.qute.TemplateExtension;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every link the pages print, in one place ({@code {uri:clusters}}, {@code {uri:cluster(c.id)}}),
 * built from the page classes' {@code @Path}s the way Renarde's {@code uri:} namespace is: a renamed
 * path or method breaks here, at build time, not as a dead link.
 */
@TemplateExtension(namespace = "uri")
public final class Uris {

    private Uris() {
    }

    static String home() {
        return "/";
    }

    static String signIn() {
        return of(HomePages.class, "signIn").toString();
    }

    /** The OIDC logout path (quarkus.oidc.logout.path): Quarkus ends the session, then Keycloak's. */
    static String signOut() {
        return "/logout";
    }

    static String clusters() {
        return clustersUri().toString();
    }

    static String clustersTable() {
        return of(ClusterPages.class, "table").toString();
    }

    static String cluster(String id) {
        return of(ClusterPages.class, "detail", id).toString();
    }

    static String clusterStatus(String id) {
        return of(ClusterPages.class, "status", id).toString();
    }

    /** The cluster page's live stream, resuming after the last event the page was rendered with. */
    static String clusterLive(String id, long after) {
        return of(ClusterPages.class, "live", id) + "?after=" + after;
    }

    static String clusterInspection(String id) {
        return of(ClusterPages.class, "inspection", id).toString();
    }

    static String clusterPods(String id) {
        return UriBuilder.fromResource(PodPages.class).build(id).toString();
    }

    /** A pod container's live log panel ({@code container} empty for a pod's only one). */
    static String podPanel(String id, String namespace, String pod, String container) {
        return of(PodPages.class, "panel", id, namespace, pod)
                + (container == null || container.isEmpty() ? "" : "?container=" + URLEncoder.encode(container, StandardCharsets.UTF_8));
    }

    static String clusterExtend(String id) {
        return of(ClusterPages.class, "extend", id).toString();
    }

    static String clusterKubeconfig(String id) {
        return of(ClusterPages.class, "kubeconfig", id).toString();
    }

    static String tokens() {
        return UriBuilder.fromResource(TokenPages.class).build().toString();
    }

    static String tokensTable() {
        return of(TokenPages.class, "table").toString();
    }

    static String token(Object id) {
        return of(TokenPages.class, "revoke", id).toString();
    }

    static String hosts() {
        return UriBuilder.fromResource(HostPages.class).build().toString();
    }

    static String hostsTable() {
        return of(HostPages.class, "table").toString();
    }

    /** A host action by its method name in HostPages: drain, undrain, retire. */
    static String hostAction(Object id, String method) {
        return of(HostPages.class, method, id).toString();
    }

    static String classrooms() {
        return UriBuilder.fromResource(ClassroomPages.class).build().toString();
    }

    static String classroomJoin() {
        return of(ClassroomPages.class, "joinPage").toString();
    }

    static String classroom(Object id) {
        return of(ClassroomPages.class, "board", id).toString();
    }

    static String classroomHead(Object id) {
        return of(ClassroomPages.class, "head", id).toString();
    }

    static String classroomLive(Object id, long after) {
        return UriBuilder.fromResource(ClassroomPages.class).path(ClassroomPages.class, "live")
                .queryParam("after", after).build(id).toString();
    }

    /** A classroom action by its method name in ClassroomPages: provision, end, newCode (revokeCode shares it). */
    static String classroomAction(Object id, String method) {
        return of(ClassroomPages.class, method, id).toString();
    }

    /** A seat action by its method name in ClassroomPages: reset, extend, remove, logs. */
    static String seatAction(Object id, Object seatId, String method) {
        return of(ClassroomPages.class, method, id, seatId).toString();
    }

    /** A seat's demo pod log: the live stream and the download (SeatLogPages). */
    static String seatPodLog(Object id, Object seatId) {
        return UriBuilder.fromResource(SeatLogPages.class).build(id, seatId).toString();
    }

    static String seatPodLogDownload(Object id, Object seatId) {
        return of(SeatLogPages.class, "download", id, seatId).toString();
    }

    static String classroomSummary(Object id) {
        return of(ClassroomPages.class, "summary", id).toString();
    }

    static String classroomSummaryCsv(Object id) {
        return of(ClassroomPages.class, "summaryCsv", id).toString();
    }

    static String demo() {
        return UriBuilder.fromResource(DemoPages.class).build().toString();
    }

    static String demoStates() {
        return of(DemoPages.class, "states").toString();
    }

    static String demoNodes() {
        return of(DemoPages.class, "nodes").toString();
    }

    static String demoCluster() {
        return of(DemoPages.class, "cluster").toString();
    }

    static String demoTemplate() {
        return of(DemoPages.class, "template").toString();
    }

    static String demoSource() {
        return of(DemoPages.class, "source").toString();
    }

    static String demoBuild() {
        return of(DemoPages.class, "build").toString();
    }

    static String demoRebuild() {
        return of(DemoPages.class, "rebuild").toString();
    }

    static String demoRun() {
        return of(DemoPages.class, "run").toString();
    }

    static String demoManifestReset() {
        return of(DemoPages.class, "resetManifest").toString();
    }

    static String demoRestart() {
        return of(DemoPages.class, "restart").toString();
    }

    /** A file under web-ui's META-INF/resources/static (public without a session). */
    static String asset(String path) {
        return "/static/" + path;
    }

    /** A file from a webjar, e.g. {@code htmx.org/2.0.10/dist/htmx.min.js}. */
    static String webjar(String path) {
        return "/webjars/" + path;
    }

    public static URI clustersUri() {
        return UriBuilder.fromResource(ClusterPages.class).build();
    }

    private static URI of(Class<?> pages, String method, Object... values) {
        return UriBuilder.fromResource(pages).path(pages, method).build(values);
    }
}
