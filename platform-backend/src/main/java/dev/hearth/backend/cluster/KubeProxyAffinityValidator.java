package dev.hearth.backend.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.backend.problem.Problem.FieldError;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code controlPlaneConfiguration.kubeProxy.affinity} (docs/container-node.md, "kube-proxy off
 * the Wasm nodes") with Kubernetes' own rules for node affinity, so a bad one is a 400 naming its path
 * when the cluster is requested instead of a DaemonSet the API server refuses minutes later on the host.
 * Only {@code nodeAffinity}: a DaemonSet places one pod per node, so pod (anti-)affinity means nothing.
 */
final class KubeProxyAffinityValidator {

    static final String FIELD = "controlPlaneConfiguration.kubeProxy.affinity";
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
    /** A qualified name's name part (k8s.io/apimachinery validation: at most 63 characters). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** A DNS-1123 subdomain, the optional prefix of a label key (at most 253 characters). */
    private static final Pattern PREFIX = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final List<FieldError> errors;

    private KubeProxyAffinityValidator(List<FieldError> errors) {
        this.errors = errors;
    }

    /** Adds an error for every problem in {@code affinity}, each naming its path below {@link #FIELD}. */
    static void validate(JsonNode affinity, List<FieldError> errors) {
        new KubeProxyAffinityValidator(errors).affinity(affinity, FIELD);
    }

    private void affinity(JsonNode node, String path) {
        if (!mapping(node, path, Set.of("nodeAffinity"), "only nodeAffinity: kube-proxy is a DaemonSet, one pod "
                + "per node, so pod affinity and anti-affinity do not apply")) {
            return;
        }
        JsonNode nodeAffinity = node.get("nodeAffinity");
        if (nodeAffinity == null) {
            errors.add(new FieldError(path + ".nodeAffinity", "is required"));
            return;
        }
        String at = path + ".nodeAffinity";
        if (!mapping(nodeAffinity, at, Set.of("requiredDuringSchedulingIgnoredDuringExecution",
                "preferredDuringSchedulingIgnoredDuringExecution"), null)) {
            return;
        }
        JsonNode required = nodeAffinity.get("requiredDuringSchedulingIgnoredDuringExecution");
        if (required != null) {
            nodeSelector(required, at + ".requiredDuringSchedulingIgnoredDuringExecution");
        }
        JsonNode preferred = nodeAffinity.get("preferredDuringSchedulingIgnoredDuringExecution");
        if (preferred != null && list(preferred, at + ".preferredDuringSchedulingIgnoredDuringExecution", false)) {
            for (int i = 0; i < preferred.size(); i++) {
                preferredTerm(preferred.get(i), at + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]");
            }
        }
    }

    private void nodeSelector(JsonNode node, String path) {
        if (!mapping(node, path, Set.of("nodeSelectorTerms"), null)) {
            return;
        }
        JsonNode terms = node.get("nodeSelectorTerms");
        if (terms == null) {
            errors.add(new FieldError(path + ".nodeSelectorTerms", "is required"));
        } else if (list(terms, path + ".nodeSelectorTerms", true)) {
            for (int i = 0; i < terms.size(); i++) {
                term(terms.get(i), path + ".nodeSelectorTerms[" + i + "]");
            }
        }
    }

    private void preferredTerm(JsonNode node, String path) {
        if (!mapping(node, path, Set.of("weight", "preference"), null)) {
            return;
        }
        JsonNode weight = node.get("weight");
        if (weight == null || !weight.isIntegralNumber() || !weight.canConvertToInt() || weight.asInt() < 1 || weight.asInt() > 100) {
            errors.add(new FieldError(path + ".weight", "must be an integer from 1 to 100"));
        }
        JsonNode preference = node.get("preference");
        if (preference == null) {
            errors.add(new FieldError(path + ".preference", "is required"));
        } else {
            term(preference, path + ".preference");
        }
    }

    private void term(JsonNode node, String path) {
        if (!mapping(node, path, Set.of("matchExpressions", "matchFields"), null)) {
            return;
        }
        for (String kind : List.of("matchExpressions", "matchFields")) {
            JsonNode requirements = node.get(kind);
            if (requirements != null && list(requirements, path + "." + kind, false)) {
                for (int i = 0; i < requirements.size(); i++) {
                    requirement(requirements.get(i), path + "." + kind + "[" + i + "]", kind.equals("matchFields"));
                }
            }
        }
    }

    private void requirement(JsonNode node, String path, boolean field) {
        if (!mapping(node, path, Set.of("key", "operator", "values"), null)) {
            return;
        }
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual()) {
            errors.add(new FieldError(path + ".key", "is required: a label key such as kubernetes.io/arch"));
        } else if (field && !"metadata.name".equals(key.textValue())) {
            errors.add(new FieldError(path + ".key", "must be metadata.name, the one field a node selector matches"));
        } else if (!field && !isLabelKey(key.textValue())) {
            errors.add(new FieldError(path + ".key", "'" + key.textValue() + "' is not a label key "
                    + "([prefix/]name, the name at most 63 letters, digits, '-', '_' or '.')"));
        }
        JsonNode operator = node.get("operator");
        String op = operator != null && operator.isTextual() ? operator.textValue() : null;
        if (op == null || !OPERATORS.contains(op) || field && !op.equals("In") && !op.equals("NotIn")) {
            errors.add(new FieldError(path + ".operator", "must be one of "
                    + (field ? "In, NotIn" : "In, NotIn, Exists, DoesNotExist, Gt, Lt")));
            return;
        }
        JsonNode values = node.get("values");
        if (values != null && !values.isArray()) {
            errors.add(new FieldError(path + ".values", "must be a list of strings"));
            return;
        }
        int count = values == null ? 0 : values.size();
        switch (op) {
            case "In", "NotIn" -> {
                if (count == 0 || field && count != 1) {
                    errors.add(new FieldError(path + ".values", field ? "must hold exactly one node name for " + op
                            : "must not be empty for " + op));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (count != 0) {
                    errors.add(new FieldError(path + ".values", "must be empty for " + op));
                }
            }
            default -> {
                if (count != 1 || !values.get(0).isTextual() || !INTEGER.matcher(values.get(0).textValue()).matches()) {
                    errors.add(new FieldError(path + ".values", "must hold exactly one integer (as a string) for " + op));
                }
                return;
            }
        }
        for (int i = 0; i < count; i++) {
            JsonNode value = values.get(i);
            if (!value.isTextual() || !LABEL_VALUE.matcher(value.textValue()).matches()) {
                errors.add(new FieldError(path + ".values[" + i + "]", "must be a label value (a string of at most 63 "
                        + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"));
            }
        }
    }

    /** Whether {@code node} is a mapping holding only {@code allowed} keys; adds the errors if not. */
    private boolean mapping(JsonNode node, String path, Set<String> allowed, String unknownHint) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be a mapping"));
            return false;
        }
        boolean known = true;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(path + "." + name, unknownHint != null ? "unknown field; " + unknownHint
                        : "unknown field; allowed are " + String.join(", ", allowed.stream().sorted().toList())));
                known = false;
            }
        }
        return known;
    }

    private boolean list(JsonNode node, String path, boolean nonEmpty) {
        if (!node.isArray()) {
            errors.add(new FieldError(path, "must be a list"));
            return false;
        }
        if (nonEmpty && node.isEmpty()) {
            errors.add(new FieldError(path, "must not be empty"));
            return false;
        }
        return true;
    }

    private static boolean isLabelKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return NAME.matcher(key).matches();
        }
        return PREFIX.matcher(key.substring(0, slash)).matches() && NAME.matcher(key.substring(slash + 1)).matches();
    }
}
