package dev.hearth.backend.logs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code ?follow=true} on a log URL means "stream": it selects the server-sent-events method as
 * {@code Accept: text/event-stream} would, so {@code curl '…/logs?follow=true'} follows like
 * {@code kubectl logs -f}.
 */
public class FollowAccept {

    private static final Pattern LOG_PATH = Pattern.compile("^(/api/v1)?/clusters/[^/]+/pods/[^/]+/[^/]+/logs$");

    @ServerRequestFilter(preMatching = true)
    public void follow(ContainerRequestContext request) {
        String follow = request.getUriInfo().getQueryParameters().getFirst("follow");
        if ("true".equalsIgnoreCase(follow) && LOG_PATH.matcher(request.getUriInfo().getPath()).matches()) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        }
    }
}
