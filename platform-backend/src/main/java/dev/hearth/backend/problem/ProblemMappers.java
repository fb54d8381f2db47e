package dev.hearth.backend.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.resteasy.reactive.server.runtime.exceptionmappers.AuthenticationFailedExceptionMapper;
import io.quarkus.resteasy.reactive.server.runtime.exceptionmappers.UnauthorizedExceptionMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as RFC 9457 problem+json, with the offending field named where there is one. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e, instance(uri));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        return ProblemResponses.of(new ValidationProblem(errors), instance(uri));
    }

    /** Malformed JSON, a wrong type, or an unknown property in a request body. */
    @ServerExceptionMapper(priority = 1)
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = switch (e) {
                case UnrecognizedPropertyException u -> "unknown field";
                case InvalidFormatException f -> "cannot be read from " + describe(f.getValue());
                case MismatchedInputException m -> "has the wrong type" + expected(m);
                default -> e.getOriginalMessage();
            };
            return ProblemResponses.of(ValidationProblem.of(field, message), instance(uri));
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return ProblemResponses.of(400, "malformed-body", "Malformed request body",
                "the request body is not valid JSON" + where, instance(uri));
    }

    /** Declared separately: quarkus-rest-jackson ships a mapper for exactly this type, which would win. */
    @ServerExceptionMapper(priority = 1)
    public Response unknownProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Uni<Response> unauthorized(UnauthorizedException e, RoutingContext context, UriInfo uri) {
        if (!isApi(uri)) {
            return new UnauthorizedExceptionMapper().handle(context); // pages: the OIDC login redirect
        }
        return Uni.createFrom().item(unauthenticated(uri, "this call needs a Keycloak access token or an API token "
                + "in 'Authorization: Bearer …'"));
    }

    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(AuthenticationFailedException e, RoutingContext context, UriInfo uri) {
        if (!isApi(uri)) {
            return new AuthenticationFailedExceptionMapper().handle(context, e);
        }
        return Uni.createFrom().item(unauthenticated(uri, "the bearer token is invalid, expired or revoked"));
    }

    @ServerExceptionMapper
    public Response authenticationIncomplete(AuthenticationCompletionException e, UriInfo uri) {
        return unauthenticated(uri, "authentication could not be completed; sign in again");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemResponses.of(403, "forbidden", "Forbidden",
                "your role does not allow this" + (uri.getPath().startsWith("/api/v1/hosts") ? "; it needs the admin role" : ""),
                instance(uri));
    }

    /** 404 for unknown sub-resources, 405, 406, 415 and the like, raised by the JAX-RS runtime itself. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed: " + uri.getPath(), e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource: " + uri.getPath();
            case 405 -> "this method is not supported on " + uri.getPath();
            case 406 -> "the Accept header asks for a media type this resource cannot produce";
            case 415 -> "the Content-Type is not supported here; send application/json";
            default -> e.getMessage() == null ? title : e.getMessage();
        };
        Response problem = ProblemResponses.of(status, title.toLowerCase().replace(' ', '-'), title, detail, instance(uri));
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            return Response.fromResponse(problem).header("Allow", e.getResponse().getHeaderString("Allow")).build();
        }
        return problem;
    }

    /** Anything else is our bug: log it in full, tell the caller no internals (docs/architecture.md, "Conventions"). */
    @ServerExceptionMapper(priority = 10000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (DatabaseRefusedText.causedBy(e)) {
            // Input checks missed a value: still the caller's bad text, not our failure.
            LOG.warn("the database refused a text value on " + uri.getPath() + " that the input checks let through", e);
            return ProblemResponses.of(400, "invalid-text", "Invalid text",
                    "a value contains a character that cannot be stored (such as NUL); remove it", instance(uri));
        }
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warn("the database is unavailable (" + e + ") on " + uri.getPath());
            return databaseUnavailable(instance(uri));
        }
        LOG.error("unexpected failure on " + uri.getPath(), e);
        return ProblemResponses.of(500, "internal", "Internal error",
                "something went wrong on our side; it has been logged", instance(uri));
    }

    /** 503 with Retry-After: PostgreSQL is unreachable for the moment. */
    public static Response databaseUnavailable(String instance) {
        return Response.fromResponse(ProblemResponses.of(503, "database-unavailable", "Service unavailable",
                "Hearth's database cannot be reached right now; try again in a few seconds", instance))
                .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
    }

    private static Response unauthenticated(UriInfo uri, String detail) {
        return ProblemResponses.of(401, "unauthenticated", "Authentication required", detail, instance(uri));
    }

    private static boolean isApi(UriInfo uri) {
        return uri.getPath().startsWith("/api/");
    }

    private static String instance(UriInfo uri) {
        return uri.getPath();
    }

    /** {@code request.body.name} → {@code name}: the path inside the request body is what a client can fix. */
    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String expected(MismatchedInputException m) {
        return m.getTargetType() == null ? "" : "; expected " + simpleType(m.getTargetType());
    }

    private static String simpleType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }
}
