package dev.hearth.backend.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.hearth.backend.input.ControlCharacters.Text;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Every string read from a JSON request body passes {@link ControlCharacters} (as free text: tabs and
 * line breaks allowed), including strings inside free-form JSON such as a ClusterConfiguration. A
 * refusal is a {@link JsonMappingException} with the field's path, which the API's problem mapper
 * turns into a 400 naming that field.
 *
 * Only for what JAX-RS reads and writes (a {@link ContextResolver}): the application's own
 * ObjectMapper also reads internal JSON (log notices whose lines may hold any character a pod wrote),
 * which is no input from outside and must not be refused.
 */
@Provider
public class JsonTextCheck implements ContextResolver<ObjectMapper> {

    private final ObjectMapper api;

    public JsonTextCheck(ObjectMapper application) {
        SimpleModule module = new SimpleModule("hearth-json-text-check");
        module.addDeserializer(String.class, new CheckedStrings());
        module.addDeserializer(JsonNode.class, new CheckedTrees());
        this.api = application.copy().registerModule(module);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return api;
    }

    static final class CheckedStrings extends StringDeserializer {

        /** A string field takes a JSON string: {@code "name": false} is the wrong type, not the text "false". */
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            return checked(super.deserialize(parser, context), parser);
        }
    }

    /** Free-form JSON: every key and every text value in the tree. */
    static final class CheckedTrees extends JsonNodeDeserializer {

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = super.deserialize(parser, context);
            Optional<String> refusal = inspect(tree);
            if (refusal.isPresent()) {
                throw JsonMappingException.from(parser, refusal.get());
            }
            return tree;
        }

        private static Optional<String> inspect(JsonNode node) {
            if (node == null) {
                return Optional.empty();
            }
            if (node.isTextual()) {
                return ControlCharacters.problem(node.textValue(), Text.MULTI_LINE);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Optional<String> refusal = ControlCharacters.problem(field.getKey(), Text.SINGLE_LINE)
                        .map(message -> "key '" + field.getKey().replaceAll("\\p{Cc}", "?") + "' " + message)
                        .or(() -> inspect(field.getValue()));
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            if (node.isArray()) {
                for (JsonNode element : node) {
                    Optional<String> refusal = inspect(element);
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static String checked(String value, JsonParser parser) throws JsonMappingException {
        Optional<String> refusal = ControlCharacters.problem(value, Text.MULTI_LINE);
        if (refusal.isPresent()) {
            throw JsonMappingException.from(parser, refusal.get());
        }
        return value;
    }
}
