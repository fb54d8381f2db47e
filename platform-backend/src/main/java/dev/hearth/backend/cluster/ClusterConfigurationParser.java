package dev.hearth.backend.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a ClusterConfiguration from YAML or JSON (JSON is YAML) and rejects anything it does not
 * know, naming the field — a typo such as {@code featureGate:} must not silently mean "defaults".
 */
public final class ClusterConfigurationParser {

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "featureGates", "registryMirrors", "ttl",
            "controlPlaneConfiguration");
    private static final Set<String> GATES = Set.of("LocalRegistry", "Krustlet", "ContainerNode");
    /**
     * Why {@code ContainerNode: true} is refused (docs/container-node.md, "What the host must offer, and the
     * refusal"): a container node without its isolation would hand a cluster-admin the host, so the gate
     * stays closed until the node and its escape tests exist, rather than being shipped weakened.
     */
    static final String CONTAINER_NODE_UNAVAILABLE = "a container node is not available on this installation yet: "
            + "it is offered only once its isolation (an unprivileged node in its own user namespace, "
            + "docs/container-node.md) holds; leave the gate out or set it to false";
    /**
     * Bounds of the format (docs/security.md, "Participant's cluster and the host's network"): the
     * document is stored with the cluster, sent to agents and written into the WASI node's
     * configuration, so its size must not be the participant's choice.
     */
    static final int MAX_DOCUMENT_CHARS = 16 * 1024;
    static final int MAX_REGISTRY_MIRRORS = 16;
    /** A registry is named as a host (at most 253 characters, RFC 1035) with an optional port. */
    private static final java.util.regex.Pattern REGISTRY = java.util.regex.Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?");
    static final int MAX_ENDPOINT_CHARS = 2048;
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ClusterConfigurationParser() {
    }

    /** Parses YAML or JSON text; blank text means the defaults. */
    public static ClusterConfiguration parse(String text) {
        if (text == null || text.isBlank()) {
            return ClusterConfiguration.defaults();
        }
        requireBoundedSize(text.length());
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw ValidationProblem.of("config", "is not valid YAML or JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        return parse(root);
    }

    /** Validates an already-parsed document (the API accepts the config as a JSON object too). */
    public static ClusterConfiguration parse(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return ClusterConfiguration.defaults();
        }
        if (!root.isObject()) {
            throw ValidationProblem.of("config", "must be a ClusterConfiguration mapping, not " + kindOf(root));
        }
        requireBoundedSize(root.toString().length());
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed are apiVersion, kind, featureGates, registryMirrors, ttl, "
                        + "controlPlaneConfiguration"));
            }
        }
        String apiVersion = apiVersion(root.get("apiVersion"), errors);
        kind(root.get("kind"), errors);
        Map<String, Boolean> gates = featureGates(root.get("featureGates"), errors);
        Map<String, String> mirrors = registryMirrors(root.get("registryMirrors"), errors);
        Optional<Duration> ttl = ttl(root.get("ttl"), errors);
        Optional<String> kubeProxyAffinity = kubeProxyAffinity(root.get("controlPlaneConfiguration"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return new ClusterConfiguration(apiVersion, gates.getOrDefault("LocalRegistry", true),
                gates.getOrDefault("Krustlet", true), mirrors, ttl, kubeProxyAffinity);
    }

    /** The normalised document stored with the cluster and sent to agents. */
    public static String toYaml(ClusterConfiguration config) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", config.apiVersion());
        root.put("kind", ClusterConfiguration.KIND);
        ObjectNode gates = root.putObject("featureGates");
        gates.put("LocalRegistry", config.localRegistry());
        gates.put("Krustlet", config.krustlet());
        if (!config.registryMirrors().isEmpty()) {
            ObjectNode mirrors = root.putObject("registryMirrors");
            config.registryMirrors().forEach(mirrors::put);
        }
        config.ttl().ifPresent(ttl -> root.put("ttl", Durations.format(ttl)));
        try {
            if (config.kubeProxyAffinity().isPresent()) {
                root.putObject("controlPlaneConfiguration").putObject("kubeProxy")
                        .set("affinity", YAML.readTree(config.kubeProxyAffinity().get()));
            }
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to write a ClusterConfiguration as YAML", e);
        }
    }

    private static void requireBoundedSize(int chars) {
        if (chars > MAX_DOCUMENT_CHARS) {
            throw ValidationProblem.of("config", "is " + chars + " characters long; at most " + MAX_DOCUMENT_CHARS
                    + " are allowed");
        }
    }

    private static String apiVersion(JsonNode node, List<FieldError> errors) {
        if (node == null) {
            errors.add(new FieldError("apiVersion", "is required: " + ClusterConfiguration.API_VERSION));
            return null;
        }
        String value = node.isTextual() ? node.textValue() : null;
        if (!ClusterConfiguration.API_VERSION.equals(value) && !ClusterConfiguration.CINDER_API_VERSION.equals(value)) {
            errors.add(new FieldError("apiVersion", "must be " + ClusterConfiguration.API_VERSION + " (or Cinder's "
                    + ClusterConfiguration.CINDER_API_VERSION + "), not " + describe(node)));
        }
        return value;
    }

    private static void kind(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isTextual() || !ClusterConfiguration.KIND.equals(node.textValue())) {
            errors.add(new FieldError("kind", "must be " + ClusterConfiguration.KIND
                    + (node == null ? "" : ", not " + describe(node))));
        }
    }

    private static Map<String, Boolean> featureGates(JsonNode node, List<FieldError> errors) {
        Map<String, Boolean> gates = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return gates;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("featureGates", "must be a mapping of gate name to true/false"));
            return gates;
        }
        node.fields().forEachRemaining(entry -> {
            String field = "featureGates." + entry.getKey();
            if (!GATES.contains(entry.getKey())) {
                errors.add(new FieldError(field, "unknown feature gate; known gates are LocalRegistry, Krustlet, "
                        + "ContainerNode"));
            } else if (!entry.getValue().isBoolean()) {
                errors.add(new FieldError(field, "must be true or false, not " + describe(entry.getValue())));
            } else if (entry.getKey().equals("ContainerNode")) {
                if (entry.getValue().booleanValue()) {
                    errors.add(new FieldError(field, CONTAINER_NODE_UNAVAILABLE));
                }
            } else {
                gates.put(entry.getKey(), entry.getValue().booleanValue());
            }
        });
        return gates;
    }

    private static Map<String, String> registryMirrors(JsonNode node, List<FieldError> errors) {
        Map<String, String> mirrors = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return mirrors;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("registryMirrors", "must be a mapping of registry to mirror endpoint"));
            return mirrors;
        }
        if (node.size() > MAX_REGISTRY_MIRRORS) {
            errors.add(new FieldError("registryMirrors", "has " + node.size() + " entries; at most "
                    + MAX_REGISTRY_MIRRORS + " are allowed"));
            return mirrors;
        }
        node.fields().forEachRemaining(entry -> {
            String field = "registryMirrors." + entry.getKey();
            if (!REGISTRY.matcher(entry.getKey()).matches()) {
                errors.add(new FieldError("registryMirrors", "key '" + entry.getKey()
                        + "' is not a registry name (a host name of at most 253 characters, optionally :port)"));
                return;
            }
            if (!entry.getValue().isTextual()) {
                errors.add(new FieldError(field, "must be an endpoint URL such as https://mirror.example, not "
                        + describe(entry.getValue())));
                return;
            }
            String endpoint = entry.getValue().textValue();
            if (endpoint.length() > MAX_ENDPOINT_CHARS) {
                errors.add(new FieldError(field, "is " + endpoint.length() + " characters long; at most "
                        + MAX_ENDPOINT_CHARS + " are allowed"));
                return;
            }
            if (!isHttpUrl(endpoint)) {
                errors.add(new FieldError(field, "must be an http:// or https:// URL with a host, not '" + endpoint + "'"));
                return;
            }
            mirrors.put(entry.getKey(), endpoint);
        });
        return mirrors;
    }

    /** {@code controlPlaneConfiguration}: only {@code kubeProxy.affinity} so far (docs/container-node.md). */
    private static Optional<String> kubeProxyAffinity(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!onlyKey(node, "controlPlaneConfiguration", "kubeProxy", errors)) {
            return Optional.empty();
        }
        JsonNode kubeProxy = node.get("kubeProxy");
        if (kubeProxy == null || kubeProxy.isNull()
                || !onlyKey(kubeProxy, "controlPlaneConfiguration.kubeProxy", "affinity", errors)) {
            return Optional.empty();
        }
        JsonNode affinity = kubeProxy.get("affinity");
        if (affinity == null || affinity.isNull()) {
            return Optional.empty();
        }
        int before = errors.size();
        KubeProxyAffinityValidator.validate(affinity, errors);
        // Compact JSON of the checked tree: what is stored and sent is exactly what was validated.
        return errors.size() == before ? Optional.of(affinity.toString()) : Optional.empty();
    }

    private static boolean onlyKey(JsonNode node, String field, String key, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(field, "must be a mapping"));
            return false;
        }
        boolean ok = true;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(key)) {
                errors.add(new FieldError(field + "." + name, "unknown field; allowed is " + key));
                ok = false;
            }
        }
        return ok;
    }

    private static Optional<Duration> ttl(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("ttl", "must be a duration such as 4h or 90m, not " + describe(node)));
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(node.textValue()));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("ttl", e.getMessage()));
            return Optional.empty();
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String describe(JsonNode node) {
        return node.isTextual() ? "'" + node.textValue() + "'" : kindOf(node) + " " + node;
    }

    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> "null";
        };
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
