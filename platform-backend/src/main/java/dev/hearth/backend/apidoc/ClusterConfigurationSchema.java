package dev.hearth.backend.apidoc;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * A request's {@code config} is a Jackson {@code JsonNode} in code, which the generator describes as a
 * bean of {@code JsonNode}'s getters (and once as an array). What the API takes is a ClusterConfiguration
 * as YAML/JSON text or as a JSON object, or nothing ({@code null} or absent: the defaults), and it
 * refuses anything else with a 400 naming {@code config} (ClusterConfigurationParser); the document says
 * exactly that, so a client — and schemathesis' negative_data_rejection check — reads the real rule.
 */
final class ClusterConfigurationSchema {

    private static final String JSON_NODE = "#/components/schemas/JsonNode";

    private ClusterConfigurationSchema() {
    }

    static void onRequestProperties(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openAPI.getComponents().getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Map.Entry<String, Schema> property : Map.copyOf(schema.getProperties()).entrySet()) {
                if (namesJsonNode(property.getValue())) {
                    schema.addProperty(property.getKey(), textObjectOrNull(property.getValue().getDescription()));
                }
            }
        }
        // Named by nothing any more: the getters of Jackson's node class are no part of the API.
        openAPI.getComponents().removeSchema("JsonNode");
        openAPI.getComponents().removeSchema("JsonNodeType");
    }

    private static boolean namesJsonNode(Schema property) {
        if (JSON_NODE.equals(property.getRef())) {
            return true;
        }
        return property.getAnyOf() != null && property.getAnyOf().stream().anyMatch(s -> JSON_NODE.equals(s.getRef()));
    }

    private static Schema textObjectOrNull(String description) {
        return OASFactory.createSchema().description(description).anyOf(List.of(
                OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                OASFactory.createSchema().addType(Schema.SchemaType.OBJECT),
                OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
    }
}
