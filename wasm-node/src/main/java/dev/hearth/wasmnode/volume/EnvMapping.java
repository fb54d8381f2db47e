package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it
 * (https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/):
 * {@code envFrom} sources first, in order, then {@code env} entries, a later name overriding an earlier
 * one; {@code $(NAME)} in a value expands to a variable defined before it ({@code $$} is a literal
 * {@code $}). A missing ConfigMap, Secret or key fails the container unless marked {@code optional}.
 */
final class EnvMapping {

    /** What the kubelet accepts as a name from {@code envFrom}; others are skipped, as the kubelet does. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([-._a-zA-Z][-._a-zA-Z0-9]*)\\)");

    private final ClusterObjects objects;

    EnvMapping(ClusterObjects objects) {
        this.objects = objects;
    }

    Map<String, String> environment(Pod pod, Container container, String nodeIp) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                sourceData(namespace, source).forEach((key, value) -> {
                    if (ENV_NAME.matcher(prefix + key).matches()) {
                        env.put(prefix + key, value);
                    }
                });
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                Optional<String> value = var.getValueFrom() == null
                        ? Optional.of(expand(var.getValue() == null ? "" : var.getValue(), env))
                        : valueFrom(pod, var, nodeIp);
                // An optional reference that is missing leaves the variable unset, as the kubelet does.
                value.ifPresent(v -> {
                    env.remove(var.getName());
                    env.put(var.getName(), v);
                });
            }
        }
        return env;
    }

    private Map<String, String> sourceData(String namespace, EnvFromSource source) {
        if (source.getConfigMapRef() != null) {
            String name = source.getConfigMapRef().getName();
            Optional<ConfigMap> map = objects.configMap(namespace, name);
            if (map.isEmpty()) {
                requireOptional(source.getConfigMapRef().getOptional(), "configmap \"" + name + "\" not found");
                return Map.of();
            }
            return map.get().getData() == null ? Map.of() : new TreeMap<>(map.get().getData());
        }
        if (source.getSecretRef() != null) {
            String name = source.getSecretRef().getName();
            Optional<Secret> secret = objects.secret(namespace, name);
            if (secret.isEmpty()) {
                requireOptional(source.getSecretRef().getOptional(), "secret \"" + name + "\" not found");
                return Map.of();
            }
            Map<String, String> decoded = new TreeMap<>();
            if (secret.get().getData() != null) {
                secret.get().getData().forEach((key, value) -> decoded.put(key, decode(value)));
            }
            return decoded;
        }
        return Map.of();
    }

    private Optional<String> valueFrom(Pod pod, EnvVar var, String nodeIp) {
        EnvVarSource from = var.getValueFrom();
        String namespace = pod.getMetadata().getNamespace();
        if (from.getFieldRef() != null) {
            return Optional.of(FieldPaths.value(pod, from.getFieldRef().getFieldPath(), nodeIp));
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            Optional<ConfigMap> map = objects.configMap(namespace, ref.getName());
            Optional<String> value = map.map(ConfigMap::getData).map(data -> data.get(ref.getKey()));
            if (value.isEmpty()) {
                requireOptional(ref.getOptional(), map.isEmpty() ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Optional<Secret> secret = objects.secret(namespace, ref.getName());
            Optional<String> value = secret.map(Secret::getData).map(data -> data.get(ref.getKey())).map(EnvMapping::decode);
            if (value.isEmpty()) {
                requireOptional(ref.getOptional(), secret.isEmpty() ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return value;
        }
        throw new PodSetupException("env " + var.getName() + ": only fieldRef, configMapKeyRef and secretKeyRef are"
                + " supported on a WASI node");
    }

    private static void requireOptional(Boolean optional, String problem) {
        if (!Boolean.TRUE.equals(optional)) {
            throw new PodSetupException(problem);
        }
    }

    /** Kubernetes' {@code $(VAR)} expansion: defined names expand, others stay as written. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(1) == null ? "\\$"
                    : Matcher.quoteReplacement(defined.getOrDefault(matcher.group(1), matcher.group()));
            matcher.appendReplacement(out, replacement);
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
