package dev.hearth.backend.demo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hearth.backend.problem.Problem.FieldError;
import dev.hearth.backend.problem.ValidationProblem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A participant's pod manifest, read and checked before anything reaches their cluster: YAML that
 * parses (errors say line and column), one Pod and at most a few ConfigMaps, every container with an
 * image, one namespace outside Kubernetes' own. Everything else is the API server's to judge.
 *
 * @param namespace where all of it goes ({@code default} when the manifest names none)
 */
public record DemoManifest(Pod pod, List<ConfigMap> configMaps, String namespace) {

    static final int MAX_CONFIG_MAPS = 3;
    static final int MAX_LENGTH = 64 * 1024;
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper MODEL = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The first container: the one whose log the demo follows. */
    public Container container() {
        return pod.getSpec().getContainers().getFirst();
    }

    /**
     * Parses {@code text} (placeholders already filled in).
     *
     * @throws ValidationProblem naming field {@code manifest}, with every problem found
     */
    public static DemoManifest parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("is empty; it needs one Pod");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("is longer than 64 KiB");
        }
        List<JsonNode> documents = documents(text);
        List<String> errors = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<ConfigMap> configMaps = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode doc = documents.get(i);
            String where = "document " + (i + 1);
            if (!doc.isObject()) {
                errors.add(where + " is not a mapping (apiVersion, kind, metadata, …)");
                continue;
            }
            String kind = doc.path("kind").asText("");
            String apiVersion = doc.path("apiVersion").asText("");
            if (!"v1".equals(apiVersion) || !("Pod".equals(kind) || "ConfigMap".equals(kind))) {
                errors.add(where + " is " + (kind.isEmpty() ? "without a kind" : "a " + kind)
                        + (apiVersion.isEmpty() ? "" : " (" + apiVersion + ")")
                        + "; the demo applies one v1 Pod and its v1 ConfigMaps");
                continue;
            }
            if (doc.path("metadata").path("name").asText("").isBlank()) {
                errors.add(where + " (" + kind + ") has no metadata.name");
                continue;
            }
            try {
                if ("Pod".equals(kind)) {
                    pods.add(MODEL.treeToValue(doc, Pod.class));
                } else {
                    configMaps.add(MODEL.treeToValue(doc, ConfigMap.class));
                }
            } catch (JsonProcessingException e) {
                errors.add(where + " (" + kind + "): " + shapeError(e));
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(check(pods, configMaps));
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors.stream().map(e -> new FieldError("manifest", e)).toList());
        }
        Pod pod = pods.getFirst();
        return new DemoManifest(pod, List.copyOf(configMaps), namespaceOf(pod.getMetadata().getNamespace()));
    }

    private static List<String> check(List<Pod> pods, List<ConfigMap> configMaps) {
        List<String> errors = new ArrayList<>();
        if (pods.size() != 1) {
            errors.add("holds " + pods.size() + " Pods; it must hold exactly one");
            return errors;
        }
        if (configMaps.size() > MAX_CONFIG_MAPS) {
            errors.add("holds " + configMaps.size() + " ConfigMaps; at most " + MAX_CONFIG_MAPS + " are allowed");
        }
        Pod pod = pods.getFirst();
        List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            errors.add("Pod " + pod.getMetadata().getName() + " has no spec.containers");
        } else {
            for (int i = 0; i < containers.size(); i++) {
                Container c = containers.get(i);
                if (c.getImage() == null || c.getImage().isBlank()) {
                    errors.add("Pod " + pod.getMetadata().getName() + ": spec.containers[" + i + "]"
                            + (c.getName() == null ? "" : " (" + c.getName() + ")")
                            + " has no image; build one first, or name one");
                }
            }
        }
        String namespace = namespaceOf(pod.getMetadata().getNamespace());
        if (SYSTEM_NAMESPACES.contains(namespace)) {
            errors.add("namespace " + namespace + " belongs to Kubernetes itself; use default or one of your own");
        }
        Set<String> others = configMaps.stream().map(cm -> namespaceOf(cm.getMetadata().getNamespace()))
                .filter(ns -> !ns.equals(namespace)).collect(Collectors.toSet());
        if (!others.isEmpty()) {
            errors.add("ConfigMaps must be in the Pod's namespace " + namespace + ", not " + String.join(", ", others));
        }
        return errors;
    }

    private static List<JsonNode> documents(String text) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            if (docs.isEmpty()) {
                throw invalid("holds no documents; it needs one Pod");
            }
            return docs;
        } catch (JsonProcessingException e) {
            throw invalid("is not valid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException json) {
                throw invalid("is not valid YAML" + at(json.getLocation()) + ": " + json.getOriginalMessage());
            }
            throw e;
        } catch (IOException e) {
            throw invalid("could not be read: " + e.getMessage());
        }
    }

    private static String shapeError(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return path + " has the wrong shape (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
        }
        return e.getOriginalMessage();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String namespaceOf(String namespace) {
        return namespace == null || namespace.isBlank() ? DemoContent.NAMESPACE : namespace;
    }

    private static ValidationProblem invalid(String message) {
        return ValidationProblem.of("manifest", message);
    }
}
