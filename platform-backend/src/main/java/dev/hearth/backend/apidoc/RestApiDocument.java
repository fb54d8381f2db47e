package dev.hearth.backend.apidoc;

import dev.hearth.backend.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * {@code /q/openapi} describes the REST API and nothing else (docs/development.md, "The API
 * document"): the portal's page routes share the JAX-RS runtime but are not an API, so they are
 * left out. Each operation documents every error it can answer (as problem+json), and each create
 * operation links to the operations on what it created, so a client — or schemathesis' stateful
 * phase — can follow {@code id} from one to the other.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class RestApiDocument implements OASFilter {

    static final String API_PREFIX = "/api/v1/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (String path : List.copyOf(openAPI.getPaths().getPathItems().keySet())) {
            if (!path.startsWith(API_PREFIX)) {
                openAPI.getPaths().removePathItem(path);
            }
        }
        Map<String, PathItem> paths = openAPI.getPaths().getPathItems();
        paths.forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            documentErrors(path, operation);
            TextPatterns.onParameters(operation);
        }));
        ClusterConfigurationSchema.onRequestProperties(openAPI);
        TextPatterns.onRequestBodies(openAPI);
        Nullables.allowNullForOptionalProperties(openAPI);
        paths.forEach((path, item) -> {
            Operation create = item.getPOST();
            if (create != null) {
                Links.fromCreate(path, create, paths);
            }
        });
    }

    /** The errors every operation can answer, added where its annotations did not already say them. */
    private static void documentErrors(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean takesInput = path.contains("{") || operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            addIfAbsent(responses, "400", "Invalid input; errors[] names the field");
        }
        addIfAbsent(responses, "401", "No or invalid credentials");
        addIfAbsent(responses, "403", "The API token lacks the needed scope, or the role does not allow this");
        if (path.contains("{")) {
            addIfAbsent(responses, "404", "No such resource of yours");
        }
        if (path.contains("{") || operation.getRequestBody() != null) {
            addIfAbsent(responses, "409", "The resource's current state does not allow this; the detail says why");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "415", "The body is not application/json");
        }
        addIfAbsent(responses, "406", "The Accept header asks for a media type this operation does not produce");
        addIfAbsent(responses, "503", "A service Hearth needs (PostgreSQL) is unavailable; retry after Retry-After seconds");
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
        if (code.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)));
        }
        responses.addAPIResponse(code, response);
    }
}
