package dev.hearth.backend.token;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.Scope;
import dev.hearth.backend.problem.FieldErrors;
import dev.hearth.backend.problem.PageErrors;
import dev.hearth.backend.problem.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * API tokens: create one (its secret is on the page once, in the answer to the create request, and
 * nowhere after a reload), list them with last use and expiry, revoke.
 */
@Path("/tokens")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class TokenPages {

    static final String CHANGED = "tokens-changed";
    private static final Set<String> FORM_FIELDS = Set.of("name", "scopes", "expiresIn");
    /** What a new token gets unless the user changes it: enough to manage clusters, nothing more. */
    private static final List<String> DEFAULT_SCOPES = List.of(Scope.CLUSTERS_READ.value(), Scope.CLUSTERS_WRITE.value());

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<TokenView> tokens, CreateForm form);

        static native TemplateInstance list$table(List<TokenView> tokens);

        static native TemplateInstance list$form(CreateForm form);
    }

    /** One option of the expiry select. */
    public record ExpiryChoice(String value, String label) {
    }

    private static final List<ExpiryChoice> EXPIRY_CHOICES = List.of(new ExpiryChoice("7d", "7 days"),
            new ExpiryChoice("30d", "30 days"), new ExpiryChoice("90d", "90 days"), new ExpiryChoice("365d", "365 days"));

    /** One scope checkbox: its value and whether it is ticked. */
    public record ScopeChoice(String value, String description, boolean checked) {
    }

    /**
     * The create form as shown: values typed, errors, the scopes this user may grant, and the token
     * just created (with its secret) when there is one.
     */
    public record CreateForm(String name, List<ScopeChoice> scopes, String expiresIn, FieldErrors errors,
            TokenView created) {

        public CreateForm {
            name = name == null ? "" : name;
            expiresIn = expiresIn == null || expiresIn.isBlank() ? "30d" : expiresIn;
            scopes = List.copyOf(scopes);
        }

        public List<ExpiryChoice> expiryChoices() {
            return EXPIRY_CHOICES;
        }
    }

    private final TokenService tokens;
    private final Caller caller;
    private final PageErrors errors;

    public TokenPages(TokenService tokens, Caller caller, PageErrors errors) {
        this.tokens = tokens;
        this.caller = caller;
        this.errors = errors;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(tokens.list(), form(null, DEFAULT_SCOPES, null, FieldErrors.NONE, null));
    }

    @GET
    @Path("table")
    public TemplateInstance table() {
        return Templates.list$table(tokens.list());
    }

    @POST
    public Response create(@RestForm String name, @RestForm List<String> scopes, @RestForm String expiresIn) {
        try {
            TokenView created = tokens.create(name, scopes, expiresIn);
            return Response.ok(Templates.list$form(form(null, DEFAULT_SCOPES, null, FieldErrors.NONE, created)))
                    .header("HX-Trigger", CHANGED).build();
        } catch (ProblemException problem) {
            FieldErrors shown = FieldErrors.of(problem, FORM_FIELDS, field -> field);
            return Response.status(422).entity(Templates.list$form(form(name, scopes, expiresIn, shown, null))).build();
        }
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@RestPath UUID id) {
        tokens.revoke(id);
        return Response.noContent().header("HX-Trigger", CHANGED).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException problem, HttpHeaders headers) {
        return errors.render(problem, headers);
    }

    private CreateForm form(String name, List<String> ticked, String expiresIn, FieldErrors shown, TokenView created) {
        Set<Scope> grantable = caller.scopes();
        List<ScopeChoice> choices = Arrays.stream(Scope.values())
                .filter(grantable::contains)
                .map(s -> new ScopeChoice(s.value(), describe(s), ticked != null && ticked.contains(s.value())))
                .toList();
        return new CreateForm(name, choices, expiresIn, shown, created);
    }

    private static String describe(Scope scope) {
        return switch (scope) {
            case CLUSTERS_READ -> "list clusters, read their status, events and kubeconfigs";
            case CLUSTERS_WRITE -> "request, extend and delete clusters";
            case TOKENS -> "create and revoke API tokens";
            case HOSTS_ADMIN -> "list and enrol hosts (admin)";
            case CLASSROOMS -> "run classrooms (instructors) and join them with a code";
        };
    }
}
