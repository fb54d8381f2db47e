package dev.hearth.wasmnode.wagi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's Spin manifest ({@code spin.toml}, in the pod annotation {@value #ANNOTATION}), read for what maps
 * cleanly onto the WASI node's WAGI serving (docs/wasm-node.md, "Web apps"): the route of the HTTP trigger
 * whose component is the container (by name; or the manifest's only HTTP trigger), under the application's
 * base, when its executor is {@code wagi}. Manifest versions 1 and 2. The container's image is the module,
 * so a component's {@code source} and {@code build} are ignored. Everything else a component or trigger
 * may ask for — Spin's own executor (the WASI HTTP world), files, environment, outbound hosts, stores,
 * variables, a private route, other trigger types, an entrypoint other than {@code _start}, argv — is
 * refused by its field's name: the container fails to start saying which field, rather than answering
 * differently from Spin.
 */
public final class SpinManifest {

    public static final String ANNOTATION = "hearth.dev/spin-manifest";

    private static final TomlMapper TOML = new TomlMapper();
    /** Fields of a component that change nothing here: the image is the module; description is prose. */
    private static final Set<String> IGNORED = Set.of("id", "source", "build", "description", "trigger");
    private static final String DEFAULT_ARGV = "${SCRIPT_NAME} ${ARGS}";

    private SpinManifest() {}

    /**
     * The route {@code container} answers under this manifest.
     *
     * @throws IllegalArgumentException naming the field that cannot be honoured (prefixed with the annotation)
     */
    public static WagiRoute route(String toml, String container) {
        JsonNode manifest;
        try {
            manifest = TOML.readTree(toml);
        } catch (IOException e) {
            throw refused("is not TOML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
        }
        if (manifest == null || !manifest.isObject()) {
            throw refused("is empty");
        }
        JsonNode version = manifest.get("spin_manifest_version");
        String v = version == null ? "" : version.asText();
        return switch (v) {
            case "1" -> version1(manifest, container);
            case "2" -> version2(manifest, container);
            default -> throw refused("spin_manifest_version must be 1 or 2, got '" + v + "'");
        };
    }

    private static WagiRoute version2(JsonNode manifest, String container) {
        refuseNonEmpty(manifest, "variables", "variables");
        JsonNode triggers = manifest.path("trigger");
        for (Iterator<String> kinds = triggers.fieldNames(); kinds.hasNext(); ) {
            String kind = kinds.next();
            if (!kind.equals("http")) {
                throw refused("trigger." + kind + ": only HTTP triggers are served by the WASI node");
            }
        }
        List<JsonNode> http = list(triggers.get("http"));
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < http.size(); i++) {
            JsonNode component = http.get(i).get("component");
            if (component != null && !component.isTextual()) {
                throw refused("trigger.http[" + i + "].component must name a [component.<id>] table");
            }
            if (component != null && component.asText().equals(container)) {
                matching.add(i);
            }
        }
        int index = chosen(http.size(), matching, container, "trigger.http");
        JsonNode trigger = http.get(index);
        String where = "trigger.http[" + index + "]";
        refuseUnknown(trigger, where, Set.of("route", "component", "executor"));
        String id = trigger.path("component").asText();
        JsonNode component = manifest.path("component").get(id);
        if (component == null || !component.isObject()) {
            throw refused(where + ".component names '" + id + "', which has no [component." + id + "] table");
        }
        component(component, "component." + id);
        executor(trigger.get("executor"), where + ".executor");
        String base = manifest.path("application").path("trigger").path("http").path("base").asText("/");
        return new WagiRoute(join(base, route(trigger.get("route"), where + ".route")));
    }

    private static WagiRoute version1(JsonNode manifest, String container) {
        refuseNonEmpty(manifest, "variables", "variables");
        JsonNode trigger = manifest.path("trigger");
        if (!trigger.path("type").asText("").equals("http")) {
            throw refused("trigger.type must be 'http', got '" + trigger.path("type").asText("") + "'");
        }
        List<JsonNode> components = list(manifest.get("component"));
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).path("id").asText("").equals(container)) {
                matching.add(i);
            }
        }
        int index = chosen(components.size(), matching, container, "component");
        JsonNode component = components.get(index);
        String where = "component[" + index + "]";
        component(component, where);
        JsonNode componentTrigger = component.path("trigger");
        refuseUnknown(componentTrigger, where + ".trigger", Set.of("route", "executor"));
        executor(componentTrigger.get("executor"), where + ".trigger.executor");
        return new WagiRoute(join(trigger.path("base").asText("/"), route(componentTrigger.get("route"), where + ".trigger.route")));
    }

    /** The entry for the container: the one naming it, or the only one; never a guess among several. */
    private static int chosen(int count, List<Integer> matching, String container, String field) {
        if (matching.size() > 1) {
            throw refused(field + ": " + matching.size() + " entries are for container '" + container
                    + "'; the WASI node serves one route per container");
        }
        if (matching.size() == 1) {
            return matching.getFirst();
        }
        if (count == 1) {
            return 0;
        }
        throw refused(field + ": " + (count == 0 ? "no HTTP trigger" : "none of its " + count + " entries is for container '"
                + container + "'") + " (name the component like the container)");
    }

    private static void component(JsonNode component, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = component.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (IGNORED.contains(field.getKey()) || isEmpty(field.getValue())) {
                continue;
            }
            throw refused(where + "." + field.getKey() + " is not supported by the WASI node"
                    + switch (field.getKey()) {
                        case "files", "exclude_files" -> " (use the pod's volumes)";
                        case "environment" -> " (use the container's env)";
                        case "allowed_outbound_hosts", "allowed_http_hosts" -> " (a module has no network)";
                        default -> "";
                    });
        }
    }

    private static void executor(JsonNode executor, String where) {
        if (executor == null || !executor.path("type").asText("").equals("wagi")) {
            throw refused(where + " must be { type = \"wagi\" }: Spin's own executor (the WASI HTTP world) is not provided"
                    + " by the WASI node, which runs WAGI (CGI over WASI) modules");
        }
        refuseUnknown(executor, where, Set.of("type", "entrypoint", "argv"));
        String entrypoint = executor.path("entrypoint").asText("_start");
        if (!entrypoint.equals("_start")) {
            throw refused(where + ".entrypoint '" + entrypoint + "' is not supported: the WASI node runs WASI commands (_start)");
        }
        String argv = executor.path("argv").asText(DEFAULT_ARGV);
        if (!argv.equals(DEFAULT_ARGV)) {
            throw refused(where + ".argv is not supported: the module gets the container's command and args");
        }
    }

    private static String route(JsonNode route, String where) {
        if (route == null || !route.isTextual()) {
            throw refused(where + " must be a path such as \"/hello\" or \"/hello/...\""
                    + (route != null && route.isObject() ? " (a private route has no URL to serve)" : ""));
        }
        if (!route.asText().startsWith("/")) {
            throw refused(where + " must start with '/', got '" + route.asText() + "'");
        }
        return route.asText();
    }

    /** {@code base} + {@code route}, as Spin joins them: "/" + "/hello" is "/hello", "/api" + "/..." is "/api/...". */
    static String join(String base, String route) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (!trimmed.isEmpty() && !trimmed.startsWith("/")) {
            throw refused("the HTTP trigger's base must start with '/', got '" + base + "'");
        }
        return trimmed + route;
    }

    private static void refuseUnknown(JsonNode table, String where, Set<String> known) {
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !isEmpty(table.get(name))) {
                throw refused(where + "." + name + " is not supported by the WASI node");
            }
        }
    }

    private static void refuseNonEmpty(JsonNode table, String field, String where) {
        if (!isEmpty(table.get(field))) {
            throw refused(where + " is not supported by the WASI node");
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || (value.isContainerNode() && value.isEmpty());
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(items::add);
        } else if (node != null && node.isObject()) {
            items.add(node);
        }
        return items;
    }

    private static IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("annotation " + ANNOTATION + ": " + what);
    }
}
