package dev.hearth.agent.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a cluster's WASI node needs to pull images: the cluster config's registry mirrors and the
 * registries it may reach over plain HTTP (the host's local registry). The agent writes it into the
 * cluster ({@code kube-system/hearth-node-config}) and into the WASI container's environment, both in
 * the text forms below, so the node has one parser for either source.
 *
 * @param registryMirrors registry alias to mirror endpoint, sorted by alias
 * @param insecureRegistries {@code host:port} of registries pulled from over plain HTTP
 */
public record NodeConfig(Map<String, String> registryMirrors, List<String> insecureRegistries) {

    public NodeConfig {
        registryMirrors = Collections.unmodifiableSortedMap(new TreeMap<>(registryMirrors));
        insecureRegistries = List.copyOf(insecureRegistries);
    }

    /** {@code alias=endpoint} pairs, comma-separated, in alias order; empty when there are none. */
    public String registryMirrorsText() {
        return registryMirrors.entrySet().stream()
                .map(mirror -> mirror.getKey() + "=" + mirror.getValue())
                .collect(Collectors.joining(","));
    }

    /** {@code host:port} entries, comma-separated; empty when there are none. */
    public String insecureRegistriesText() {
        return String.join(",", insecureRegistries);
    }
}
