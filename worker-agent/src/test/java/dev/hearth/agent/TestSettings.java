package dev.hearth.agent;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's real {@link AgentSettings} mapping, loaded from a map without starting Quarkus, so the
 * plan tests run in milliseconds and still exercise the defaults operators get.
 */
public final class TestSettings {

    private TestSettings() {}

    /** Settings with a host id and every other value at its default, overridden by {@code overrides}. */
    public static AgentSettings with(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of("hearth.agent.host-id", "host-a"));
        properties.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(AgentSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(AgentSettings.class);
    }

    public static AgentSettings defaults() {
        return with(Map.of());
    }
}
