package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes agent messages in their wire form: one JSON object with {@code apiVersion}, then
 * {@code type}, then the record's fields. Thread-safe; one instance can serve every connection.
 *
 * <p>The codec keeps its own {@link ObjectMapper} on purpose: the wire format must not change because
 * an application configured its mapper differently.
 */
public final class AgentMessageCodec {

    /** The JSON property carrying the protocol version. */
    public static final String API_VERSION_PROPERTY = "apiVersion";

    private final ObjectMapper mapper = JsonMapper.builder()
            // Forward compatibility: a newer peer may add fields within the same major version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final List<String> knownTypes = Arrays.stream(
                    AgentMessage.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name)
            .toList();

    /** Writes {@code message} as one JSON object. */
    public String encode(AgentMessage message) {
        ObjectNode wire = mapper.createObjectNode();
        wire.put(API_VERSION_PROPERTY, ProtocolVersion.CURRENT.toString());
        wire.setAll((ObjectNode) mapper.valueToTree(message));
        try {
            return mapper.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new AgentProtocolException("failed to encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads one message.
     *
     * @throws UnsupportedProtocolVersionException when it declares another protocol major version
     * @throws UnknownMessageTypeException when its {@code type} is not one this side knows
     * @throws AgentProtocolException when it is not a well-formed message at all
     */
    public AgentMessage decode(String json) {
        ObjectNode wire = parseObject(json);
        checkVersion(wire.remove(API_VERSION_PROPERTY));
        String type = typeOf(wire);
        try {
            return mapper.treeToValue(wire, AgentMessage.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AgentProtocolException("invalid " + type + " message: " + describe(e), e);
        }
    }

    /** The {@code type} names this side can read, in declaration order. */
    public List<String> knownTypes() {
        return knownTypes;
    }

    private ObjectNode parseObject(String json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new AgentProtocolException("agent message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new AgentProtocolException("agent message must be a JSON object, got "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().toString().toLowerCase()));
        }
        return object;
    }

    private static void checkVersion(JsonNode apiVersion) {
        if (apiVersion == null || !apiVersion.isTextual()) {
            throw new AgentProtocolException("agent message has no " + API_VERSION_PROPERTY
                    + "; expected " + ProtocolVersion.CURRENT);
        }
        ProtocolVersion version = ProtocolVersion.parse(apiVersion.asText());
        if (version.major() != ProtocolVersion.CURRENT.major()) {
            throw new UnsupportedProtocolVersionException(version, ProtocolVersion.CURRENT);
        }
    }

    private String typeOf(ObjectNode wire) {
        JsonNode type = wire.get(AgentMessage.TYPE_PROPERTY);
        if (type == null || !type.isTextual()) {
            throw new AgentProtocolException("agent message has no " + AgentMessage.TYPE_PROPERTY
                    + "; expected one of: " + String.join(", ", knownTypes));
        }
        if (!knownTypes.contains(type.asText())) {
            throw new UnknownMessageTypeException(type.asText(), knownTypes);
        }
        return type.asText();
    }

    /** The most useful sentence of a mapping failure: a record's own check beats Jackson's wrapper. */
    private static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }
}
