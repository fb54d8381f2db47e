package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The downward API's field paths (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/),
 * for {@code env[].valueFrom.fieldRef} and {@code downwardAPI} volume items. A WASI module has no
 * network of its own, so the pod's IP is the node's, as with Krustlet.
 */
final class FieldPaths {

    private static final Pattern KEYED = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private FieldPaths() {}

    /**
     * @throws PodSetupException for a path the downward API does not offer
     */
    static String value(Pod pod, String fieldPath, String nodeIp) {
        Matcher keyed = KEYED.matcher(fieldPath);
        if (keyed.matches()) {
            Map<String, String> map = keyed.group(1).equals("labels") ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(keyed.group(2), "");
        }
        return switch (fieldPath) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> nullToEmpty(pod.getMetadata().getUid());
            case "metadata.labels" -> lines(pod.getMetadata().getLabels());
            case "metadata.annotations" -> lines(pod.getMetadata().getAnnotations());
            case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP", "status.podIP", "status.hostIPs", "status.podIPs" -> nodeIp;
            default -> throw new PodSetupException("the downward API has no field " + fieldPath);
        };
    }

    /** Labels and annotations as a downwardAPI volume writes them: {@code key="value"} lines, sorted. */
    private static String lines(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        return new TreeMap<>(map).entrySet().stream()
                .map(entry -> entry.getKey() + "=\"" + entry.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n") + "\"")
                .collect(Collectors.joining("\n"));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
