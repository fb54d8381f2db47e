package dev.hearth.backend.problem;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Requests under /api/ that no resource matches fall through JAX-RS to Vert.x; answer those with a
 * problem+json 404 as well, rather than Vert.x's plain-text page.
 */
@ApplicationScoped
public class ApiFallbackRoutes {

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MAX_VALUE).handler(ctx -> ctx.response()
                .setStatusCode(404)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(ProblemResponses.json(404, "not-found", "Not Found", "no such resource: " + ctx.normalizedPath(),
                        ctx.normalizedPath())));
    }
}
