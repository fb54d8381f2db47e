package dev.hearth.backend.apidoc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The input rule of {@code dev.hearth.backend.input.ControlCharacters}, written into the document as
 * patterns on the strings a client sends, so a client (and a fuzzer) knows the rule before it is told
 * with a 400: parameters take no control character at all; strings in request bodies may also hold
 * tab, line feed and carriage return. U+FFFD is what undecodable bytes become, so it is refused too.
 */
final class TextPatterns {

    static final String SINGLE_LINE = "^[^\\u0000-\\u001F\\u007F-\\u009F\\uFFFD]*$";
    static final String MULTI_LINE = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFD]*$";

    private TextPatterns() {
    }

    static void onParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            constrain(parameter.getSchema(), SINGLE_LINE);
        }
    }

    /** The component schemas request bodies name, and the schemas their properties name in turn. */
    static void onRequestBodies(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                for (MediaType media : operation.getRequestBody().getContent().getMediaTypes().values()) {
                    walk(openAPI, media.getSchema(), seen);
                }
            }
        }));
    }

    private static void walk(OpenAPI openAPI, Schema schema, Set<String> seen) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            Schema named = openAPI.getComponents().getSchemas().get(name);
            if (named != null && seen.add(name)) {
                walk(openAPI, named, seen);
            }
            return;
        }
        constrain(schema, MULTI_LINE);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> walk(openAPI, property, seen));
        }
        walk(openAPI, schema.getItems(), seen);
        for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(s -> walk(openAPI, s, seen));
            }
        }
    }

    /** Free strings only: an enum, a format (date-time, uuid) or a pattern already says what is allowed. */
    private static void constrain(Schema schema, String pattern) {
        if (schema == null || schema.getRef() != null || schema.getType() == null
                || !schema.getType().contains(Schema.SchemaType.STRING)) {
            return;
        }
        if (schema.getEnumeration() == null && schema.getFormat() == null && schema.getPattern() == null) {
            schema.setPattern(pattern);
        }
    }
}
