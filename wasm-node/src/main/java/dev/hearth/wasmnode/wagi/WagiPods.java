package dev.hearth.wasmnode.wagi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * Which containers of a pod are web apps, and on which port and route: a container that declares a
 * port named {@code http} is served by the node (TCP only). Krustlet's WAGI provider took its routes
 * from the pod annotation {@value #MODULES_ANNOTATION}, a JSON object by container name whose entries
 * carry {@code route}; that is read here too. Its {@code entrypoint} (a function other than
 * {@code _start}), {@code volumes} and {@code allowed_hosts} are not supported and refused by name, so
 * a pod written for Krustlet fails clearly rather than answering differently. A Spin manifest in the
 * annotation {@value SpinManifest#ANNOTATION} is the other way to give routes ({@link SpinManifest}).
 */
public final class WagiPods {

    public static final String HTTP_PORT_NAME = "http";
    public static final String MODULES_ANNOTATION = "alpha.wagi.krustlet.dev/modules";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WagiPods() {}

    /** The container's {@code http} port, empty when it is no web app. */
    public static Optional<Integer> httpPort(Container container) {
        return Optional.ofNullable(container.getPorts()).stream().flatMap(java.util.List::stream)
                .filter(port -> HTTP_PORT_NAME.equals(port.getName()))
                .filter(port -> port.getProtocol() == null || port.getProtocol().equals("TCP"))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    /**
     * The route the container answers: from the modules annotation when it names the container, else all paths.
     *
     * @throws IllegalArgumentException naming the annotation when it is malformed or asks for what is not supported
     */
    public static WagiRoute route(Pod pod, Container container) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(MODULES_ANNOTATION);
        String spin = annotations == null ? null : annotations.get(SpinManifest.ANNOTATION);
        if (spin != null) {
            if (text != null) {
                throw new IllegalArgumentException("annotations " + MODULES_ANNOTATION + " and " + SpinManifest.ANNOTATION
                        + " both set routes; keep one");
            }
            return SpinManifest.route(spin, container.getName());
        }
        if (text == null) {
            return WagiRoute.ALL;
        }
        JsonNode modules;
        try {
            modules = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("annotation " + MODULES_ANNOTATION + " is not JSON: " + e.getMessage());
        }
        JsonNode entry = modules == null ? null : modules.get(container.getName());
        if (entry == null) {
            return WagiRoute.ALL;
        }
        for (String unsupported : java.util.List.of("entrypoint", "volumes", "allowed_hosts", "http_headers")) {
            JsonNode value = entry.get(unsupported);
            boolean harmless = value == null || (unsupported.equals("entrypoint") && value.asText().equals("_start"))
                    || (value.isArray() && value.isEmpty());
            if (!harmless) {
                throw new IllegalArgumentException("annotation " + MODULES_ANNOTATION + ": container " + container.getName()
                        + " sets '" + unsupported + "', which the WASI node does not support (only 'route')");
            }
        }
        JsonNode route = entry.get("route");
        return route == null ? WagiRoute.ALL : new WagiRoute(route.asText());
    }
}
