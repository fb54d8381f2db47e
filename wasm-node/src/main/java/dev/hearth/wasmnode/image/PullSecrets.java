package dev.hearth.wasmnode.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry credentials a pod's {@code imagePullSecrets} hold: the {@code auths} of
 * {@code kubernetes.io/dockerconfigjson} secrets (and the bare map of legacy
 * {@code kubernetes.io/dockercfg} ones), by registry host. Secrets listed first win, as in the kubelet.
 */
public final class PullSecrets {

    public static final PullSecrets NONE = new PullSecrets(Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Docker Hub's credentials are stored under any of these keys. */
    private static final List<String> DOCKER_HUB_KEYS = List.of("docker.io", "index.docker.io",
            "registry-1.docker.io", "https://index.docker.io/v1/");

    private final Map<String, RegistryCredentials> byRegistry;

    private PullSecrets(Map<String, RegistryCredentials> byRegistry) {
        this.byRegistry = Collections.unmodifiableMap(byRegistry);
    }

    /**
     * Reads docker config JSON documents, in the pod's order.
     *
     * @throws IllegalArgumentException naming what is malformed (never the secret's content)
     */
    public static PullSecrets fromDockerConfigs(List<String> documents) {
        Map<String, RegistryCredentials> all = new LinkedHashMap<>();
        for (String document : documents) {
            JsonNode root;
            try {
                root = JSON.readTree(document);
            } catch (IOException e) {
                throw new IllegalArgumentException("an image pull secret is not valid JSON");
            }
            JsonNode auths = root.has("auths") ? root.get("auths") : root;
            auths.properties().forEach(entry -> credentials(entry.getValue())
                    .ifPresent(credentials -> all.putIfAbsent(host(entry.getKey()), credentials)));
        }
        return new PullSecrets(all);
    }

    /** The credentials for {@code registry} ({@code host[:port]}), if a secret has some. */
    public Optional<RegistryCredentials> forRegistry(String registry) {
        if (DOCKER_HUB_KEYS.contains(registry)) {
            return DOCKER_HUB_KEYS.stream().map(byRegistry::get).filter(c -> c != null).findFirst();
        }
        return Optional.ofNullable(byRegistry.get(registry));
    }

    boolean isEmpty() {
        return byRegistry.isEmpty();
    }

    private static Optional<RegistryCredentials> credentials(JsonNode entry) {
        String username = text(entry, "username");
        String password = text(entry, "password");
        if (username != null && password != null) {
            return Optional.of(new RegistryCredentials(username, password));
        }
        String auth = text(entry, "auth");
        if (auth != null) {
            String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return Optional.of(new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            }
        }
        return Optional.empty();
    }

    /** Keys may be bare hosts or URLs ({@code https://host/v1/}), as {@code docker login} wrote them over the years. */
    private static String host(String key) {
        if (DOCKER_HUB_KEYS.contains(key)) {
            return key;
        }
        if (key.contains("://")) {
            URI uri = URI.create(key);
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        }
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
