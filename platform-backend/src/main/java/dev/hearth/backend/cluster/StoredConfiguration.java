package dev.hearth.backend.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@link ClusterConfiguration} as a column: its fields as JSON, written once when a cluster
 * or classroom is requested and read back as the same record — never through the user-input parser
 * again, which is for what a person typed (docs/architecture.md, "Decisions"). Mirrors are a list so
 * their order survives; the lifetime is an ISO-8601 duration so it survives exactly.
 */
@Converter
public class StoredConfiguration implements AttributeConverter<ClusterConfiguration, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The stored shape; its field names are the column's format, so renaming one needs a migration. The
     * kube-proxy affinity is written only when set, so a row without one stays readable by a replica that
     * predates the field (rolling upgrades), and a row from before it reads as the default.
     */
    record Stored(String apiVersion, boolean localRegistry, boolean krustlet, List<Mirror> registryMirrors, String ttl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String kubeProxyAffinity) {
    }

    record Mirror(String alias, String endpoint) {
    }

    @Override
    public String convertToDatabaseColumn(ClusterConfiguration config) {
        if (config == null) {
            return null;
        }
        List<Mirror> mirrors = config.registryMirrors().entrySet().stream()
                .map(e -> new Mirror(e.getKey(), e.getValue()))
                .toList();
        try {
            return JSON.writeValueAsString(new Stored(config.apiVersion(), config.localRegistry(), config.krustlet(),
                    mirrors, config.ttl().map(Duration::toString).orElse(null),
                    config.kubeProxyAffinity().orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to store a ClusterConfiguration", e);
        }
    }

    @Override
    public ClusterConfiguration convertToEntityAttribute(String column) {
        if (column == null) {
            return null;
        }
        try {
            Stored stored = JSON.readValue(column, Stored.class);
            Map<String, String> mirrors = new LinkedHashMap<>();
            if (stored.registryMirrors() != null) {
                stored.registryMirrors().forEach(m -> mirrors.put(m.alias(), m.endpoint()));
            }
            return new ClusterConfiguration(stored.apiVersion(), stored.localRegistry(), stored.krustlet(), mirrors,
                    Optional.ofNullable(stored.ttl()).map(Duration::parse), Optional.ofNullable(stored.kubeProxyAffinity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored ClusterConfiguration is not in the stored form", e);
        }
    }
}
