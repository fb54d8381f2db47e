package dev.hearth.backend.apidoc;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.links.Link;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * OpenAPI links from a create operation ({@code POST /api/v1/clusters}) to every operation on what it
 * created ({@code /api/v1/clusters/{id}}, {@code …/{id}/events}, …): the new resource's {@code id}
 * from the response body fills the first path parameter.
 */
final class Links {

    private static final Pattern FIRST_PARAM = Pattern.compile("^/\\{(\\w+)}");

    private Links() {
    }

    static void fromCreate(String collection, Operation create, Map<String, PathItem> paths) {
        APIResponse created = create.getResponses().getAPIResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2")).map(Map.Entry::getValue).findFirst().orElse(null);
        if (created == null) {
            return;
        }
        paths.forEach((path, item) -> {
            if (!path.startsWith(collection + "/{")) {
                return;
            }
            Matcher param = FIRST_PARAM.matcher(path.substring(collection.length()));
            if (!param.find()) {
                return;
            }
            item.getOperations().forEach((method, operation) -> {
                if (operation.getOperationId() == null) {
                    return;
                }
                Link link = OASFactory.createLink().operationId(operation.getOperationId())
                        .addParameter(param.group(1), "$response.body#/id")
                        .description("The created resource's " + method + " " + path);
                created.addLink(operation.getOperationId(), link);
            });
        });
    }
}
