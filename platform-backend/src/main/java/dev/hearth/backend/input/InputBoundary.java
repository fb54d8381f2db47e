package dev.hearth.backend.input;

import dev.hearth.backend.input.ControlCharacters.Text;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemResponses;
import dev.hearth.backend.problem.ValidationProblem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Every path parameter, query parameter and form field of every JAX-RS route is checked here, once,
 * before any resource sees it: a control character or broken UTF-8 gets a 400 naming the field
 * (problem+json on {@code /api}, an error page or htmx message on pages), never a database error.
 * JSON bodies are checked by {@link JsonTextCheck} as they are read. The one header a route reads as a
 * number, {@code Last-Event-ID} (docs/logs.md, "Resume"), is checked here too, so a value that is no
 * 64-bit integer is a 400 naming it instead of the runtime's bare "Bad Request".
 */
public class InputBoundary {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final PageErrors pages;

    public InputBoundary(PageErrors pages) {
        this.pages = pages;
    }

    @ServerRequestFilter
    @WithFormRead
    public Optional<Response> check(ResteasyReactiveContainerRequestContext request, HttpHeaders headers) {
        Optional<Refusal> refusal = first(request.getUriInfo().getPathParameters(), Text.SINGLE_LINE)
                .or(() -> first(request.getUriInfo().getQueryParameters(), Text.SINGLE_LINE))
                .or(() -> form(request))
                .or(() -> lastEventId(headers.getHeaderString(LAST_EVENT_ID)));
        return refusal.map(r -> respond(r, request.getUriInfo().getPath(), headers));
    }

    private Response respond(Refusal refusal, String path, HttpHeaders headers) {
        ValidationProblem problem = ValidationProblem.of(refusal.field(), refusal.message());
        if (path.startsWith("/api/")) {
            return ProblemResponses.of(problem, path);
        }
        return pages.render(problem, headers);
    }

    private static Optional<Refusal> form(ResteasyReactiveContainerRequestContext request) {
        if (!(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)
                || context.getFormData() == null) {
            return Optional.empty();
        }
        FormData form = context.getFormData();
        for (String field : form) {
            for (FormValue value : form.get(field)) {
                if (!value.isFileItem()) {
                    Optional<Refusal> refusal = check(field, value.getValue(), Text.MULTI_LINE);
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> first(MultivaluedMap<String, String> parameters, Text text) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            Optional<Refusal> name = check(parameter.getKey(), parameter.getKey(), Text.SINGLE_LINE);
            if (name.isPresent()) {
                return Optional.of(new Refusal("(parameter name)", name.get().message()));
            }
            for (String value : parameter.getValue()) {
                Optional<Refusal> refusal = check(parameter.getKey(), value, text);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Refusal> lastEventId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Long.parseLong(value);
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(new Refusal(LAST_EVENT_ID, "must be the id of the last event received, a whole number"));
        }
    }

    private static Optional<Refusal> check(String field, String value, Text text) {
        return ControlCharacters.problem(value, text).map(message -> new Refusal(field, message));
    }

    record Refusal(String field, String message) {
    }
}
