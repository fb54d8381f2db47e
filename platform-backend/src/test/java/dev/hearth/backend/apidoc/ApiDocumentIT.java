package dev.hearth.backend.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published document as an API client reads it. schemathesis (SchemathesisIT) finds an
 * undocumented success only when its random walk happens to reach the operation with a real id; this
 * reads every operation once.
 */
@QuarkusTest
class ApiDocumentIT {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void everyOperationDocumentsItsSuccessResponse() {
        Map<String, Map<String, Object>> paths =
                Api.anonymous().get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");

        List<String> withoutSuccess = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!HTTP_METHODS.contains(method)) {
                return; // path-level "parameters", "summary"
            }
            Object responses = ((Map<?, ?>) operation).get("responses");
            boolean documentsSuccess = responses instanceof Map<?, ?> codes
                    && codes.keySet().stream().anyMatch(code -> String.valueOf(code).startsWith("2"));
            if (!documentsSuccess) {
                withoutSuccess.add(method.toUpperCase() + " " + path);
            }
        }));

        assertThat(paths).isNotEmpty();
        assertThat(withoutSuccess).as("operations whose document names no 2xx response").isEmpty();
    }

    @Test
    void aRequestsConfigIsTextAnObjectOrNullAsTheParserTakesIt() {
        Map<String, Map<String, Object>> schemas =
                Api.anonymous().get("/q/openapi?format=json").then().statusCode(200).extract().path("components.schemas");
        for (String request : List.of("ClusterRequest", "ClassroomRequest")) {
            Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) schemas.get(request).get("properties")).get("config");
            List<Object> types = ((List<?>) config.get("anyOf")).stream().map(branch -> (Object) ((Map<?, ?>) branch).get("type")).toList();
            assertThat(types).as(request + ".config").containsExactly("string", "object", "null");
        }
        assertThat(schemas).as("Jackson's node class is no part of the API").doesNotContainKeys("JsonNode", "JsonNodeType");
    }
}
