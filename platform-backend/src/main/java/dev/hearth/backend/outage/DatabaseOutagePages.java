package dev.hearth.backend.outage;

import dev.hearth.backend.problem.DatabaseUnavailable;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemMappers;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Database failures: while PostgreSQL is unreachable, pages answer a readable 503 page and the API a
 * 503 problem, both with Retry-After; any other database failure is what {@link ProblemMappers} makes
 * of it.
 */
public class DatabaseOutagePages {

    private final PageErrors pages;

    public DatabaseOutagePages(PageErrors pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response database(PersistenceException e, UriInfo uri, HttpHeaders headers) {
        if (!DatabaseUnavailable.causedBy(e)) {
            return new ProblemMappers().unexpected(e, uri);
        }
        if (uri.getPath().startsWith("/api/")) {
            return ProblemMappers.databaseUnavailable(uri.getPath());
        }
        return Response.fromResponse(pages.render(503, "Hearth is briefly unavailable",
                        "its database cannot be reached right now. The page will work again in a few seconds; reload it then.",
                        headers))
                .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
    }
}
