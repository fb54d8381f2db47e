package dev.hearth.wasmnode.volume;

import dev.hearth.wasmnode.pod.PodSetupException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Makes a pod's volumes directories under {@code <pods>/<uid>/volumes/<name>}: the files of a
 * ConfigMap, Secret or downward API volume (written afresh at each pod start), an {@code emptyDir}
 * (kept across container restarts, as in Kubernetes, and bounded by a {@link VolumeQuota}), and
 * {@code projected} volumes — among them the {@code kube-api-access-*} one the API server adds to every
 * pod — with their ConfigMap, Secret, downward API and service-account token sources (the tokens kept
 * fresh by {@link ServiceAccountTokens}). {@code hostPath} is refused: see {@link #unsupported}.
 */
final class VolumeMaterializer {

    /**
     * The volume's directory, whether Kubernetes mounts it read-only whatever the mount says, and for
     * an emptyDir the quota its writes count against.
     */
    record Materialized(Path directory, boolean alwaysReadOnly, Optional<VolumeQuota> quota) {}

    private final Path podsDir;
    private final ClusterObjects objects;
    private final ServiceAccountTokens tokens;
    private final VolumeLimits limits;
    /** Every pod's emptyDirs together, bounded by {@link VolumeLimits#totalBytes}. */
    private final VolumeQuota podsStorage;
    /** The quotas of the emptyDirs of pods on the node, by pod UID and volume name, kept across restarts. */
    private final Map<String, Map<String, VolumeQuota>> emptyDirs = new ConcurrentHashMap<>();

    VolumeMaterializer(Path podsDir, ClusterObjects objects, ServiceAccountTokens tokens, VolumeLimits limits) {
        this.podsDir = podsDir;
        this.objects = objects;
        this.tokens = tokens;
        this.limits = limits;
        this.podsStorage = new VolumeQuota("the node's storage for pod volumes", limits.totalBytes(), Optional.empty());
    }

    /**
     * Why the node will not make one of the pod's volumes, before anything is pulled.
     *
     * <p>{@code hostPath} is refused outright rather than confined: the node runs modules in its own
     * process, so a module given any directory of the node's container can change what the node
     * itself trusts (its compiled-module classes, its credentials, its runtime) — the escape issue 10
     * (H3) demonstrated. A read-only tree made for it would only offer what an emptyDir, ConfigMap or
     * Secret volume already does, with a name that promises the host's files.
     */
    static Optional<String> unsupported(Pod pod) {
        List<Volume> declared = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume volume : declared) {
            if (volume.getHostPath() != null) {
                return Optional.of(hostPathRefused(volume));
            }
            if (volume.getEmptyDir() == null && volume.getConfigMap() == null && volume.getSecret() == null
                    && volume.getDownwardAPI() == null && volume.getProjected() == null) {
                return Optional.of("volume " + volume.getName() + ": " + SUPPORTED);
            }
        }
        return Optional.empty();
    }

    private static String hostPathRefused(Volume volume) {
        return "volume " + volume.getName() + ": hostPath " + volume.getHostPath().getPath() + " is refused on a WASI"
                + " node: modules run inside the node, and a directory of the node would let them change what it runs;"
                + " use an emptyDir, configMap or secret volume";
    }

    private static final String SUPPORTED = "only configMap, secret, emptyDir, downwardAPI and projected volumes are"
            + " supported on a WASI node";

    Path podDir(Pod pod) {
        return podsDir.resolve(pod.getMetadata().getUid());
    }

    Map<String, Materialized> materialize(Pod pod, String nodeIp) {
        Map<String, Materialized> volumes = new LinkedHashMap<>();
        List<Volume> declared = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume volume : declared) {
            try {
                volumes.put(volume.getName(), materialize(pod, volume, nodeIp));
            } catch (IOException e) {
                throw new PodSetupException("volume " + volume.getName() + ": cannot prepare it on the node: " + e.getMessage(), e);
            }
        }
        return volumes;
    }

    void remove(Pod pod) {
        tokens.forget(pod);
        Map<String, VolumeQuota> quotas = emptyDirs.remove(pod.getMetadata().getUid());
        if (quotas != null) {
            quotas.values().forEach(VolumeQuota::releaseAll);
        }
        delete(podDir(pod));
    }

    private Materialized materialize(Pod pod, Volume volume, String nodeIp) throws IOException {
        Path dir = podDir(pod).resolve("volumes").resolve(volume.getName());
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getEmptyDir() != null) {
            Files.createDirectories(dir);
            return new Materialized(dir, false, Optional.of(emptyDirQuota(pod, volume, dir)));
        }
        if (volume.getHostPath() != null) {
            // Admission refuses these first (unsupported); a pod never gets here with one.
            throw new PodSetupException(hostPathRefused(volume));
        }
        Map<String, byte[]> files;
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            files = configMapFiles(namespace, source.getName(), source.getItems(), source.getOptional());
        } else if (volume.getSecret() != null) {
            var source = volume.getSecret();
            files = secretFiles(namespace, source.getSecretName(), source.getItems(), source.getOptional());
        } else if (volume.getDownwardAPI() != null) {
            files = downwardFiles(pod, volume.getDownwardAPI().getItems(), nodeIp);
        } else if (volume.getProjected() != null) {
            return projectedVolume(pod, volume, dir, nodeIp);
        } else {
            throw new PodSetupException("volume " + volume.getName() + ": " + SUPPORTED);
        }
        write(dir, files);
        return new Materialized(dir, true, Optional.empty());
    }

    /**
     * The emptyDir's quota: its {@code sizeLimit}, or the node's default for one without; made at the
     * pod's first start on the node (counting what an earlier node process left there) and kept while
     * the pod is here, since the directory outlives container restarts.
     */
    private VolumeQuota emptyDirQuota(Pod pod, Volume volume, Path dir) throws IOException {
        Map<String, VolumeQuota> quotas = emptyDirs.computeIfAbsent(pod.getMetadata().getUid(), uid -> new ConcurrentHashMap<>());
        VolumeQuota existing = quotas.get(volume.getName());
        if (existing != null) {
            return existing;
        }
        Quantity sizeLimit = volume.getEmptyDir().getSizeLimit();
        long limit;
        try {
            limit = sizeLimit == null ? limits.emptyDirBytes() : Quantity.getAmountInBytes(sizeLimit).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new PodSetupException("volume " + volume.getName() + ": sizeLimit " + sizeLimit + " is not an amount of bytes");
        }
        VolumeQuota quota = new VolumeQuota("emptyDir " + volume.getName(), limit, Optional.of(podsStorage));
        quota.countExisting(dir);
        quotas.put(volume.getName(), quota);
        return quota;
    }

    private Materialized projectedVolume(Pod pod, Volume volume, Path dir, String nodeIp) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<ServiceAccountTokenProjection, ServiceAccountTokens.Issued> issued = new LinkedHashMap<>();
        for (VolumeProjection projection : volume.getProjected().getSources()) {
            ServiceAccountTokenProjection token = projection.getServiceAccountToken();
            if (token != null) {
                ServiceAccountTokens.Issued granted = tokens.issue(pod, volume.getName(), token);
                issued.put(token, granted);
                files.put(token.getPath(), granted.token().token().getBytes(StandardCharsets.UTF_8));
            } else {
                files.putAll(projected(pod, projection, nodeIp));
            }
        }
        write(dir, files);
        issued.forEach((token, granted) -> tokens.keepFresh(pod, volume.getName(), dir.resolve(token.getPath()).normalize(),
                token, granted));
        return new Materialized(dir, true, Optional.empty());
    }

    private Map<String, byte[]> projected(Pod pod, VolumeProjection projection, String nodeIp) {
        String namespace = pod.getMetadata().getNamespace();
        if (projection.getConfigMap() != null) {
            var source = projection.getConfigMap();
            return configMapFiles(namespace, source.getName(), source.getItems(), source.getOptional());
        }
        if (projection.getSecret() != null) {
            var source = projection.getSecret();
            return secretFiles(namespace, source.getName(), source.getItems(), source.getOptional());
        }
        if (projection.getDownwardAPI() != null) {
            return downwardFiles(pod, projection.getDownwardAPI().getItems(), nodeIp);
        }
        return Map.of();
    }

    private Map<String, byte[]> configMapFiles(String namespace, String name, List<KeyToPath> items, Boolean optional) {
        Optional<ConfigMap> map = objects.configMap(namespace, name);
        if (map.isEmpty()) {
            requireOptional(optional, "configmap \"" + name + "\" not found");
            return Map.of();
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (map.get().getData() != null) {
            map.get().getData().forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.get().getBinaryData() != null) {
            map.get().getBinaryData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
        }
        return select(data, items, "ConfigMap " + namespace + "/" + name, optional);
    }

    private Map<String, byte[]> secretFiles(String namespace, String name, List<KeyToPath> items, Boolean optional) {
        Optional<Secret> secret = objects.secret(namespace, name);
        if (secret.isEmpty()) {
            requireOptional(optional, "secret \"" + name + "\" not found");
            return Map.of();
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.get().getData() != null) {
            secret.get().getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
        }
        return select(data, items, "Secret " + namespace + "/" + name, optional);
    }

    /** All keys as files, or only the listed {@code items} at their paths. */
    private static Map<String, byte[]> select(Map<String, byte[]> data, List<KeyToPath> items, String what, Boolean optional) {
        if (items == null || items.isEmpty()) {
            return data;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (KeyToPath item : items) {
            byte[] content = data.get(item.getKey());
            if (content == null) {
                requireOptional(optional, "couldn't find key " + item.getKey() + " in " + what);
                continue;
            }
            files.put(item.getPath(), content);
        }
        return files;
    }

    private static Map<String, byte[]> downwardFiles(Pod pod, List<DownwardAPIVolumeFile> items, String nodeIp) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (items != null) {
            for (DownwardAPIVolumeFile item : items) {
                if (item.getFieldRef() == null) {
                    throw new PodSetupException("downwardAPI item " + item.getPath() + ": only fieldRef items are supported"
                            + " on a WASI node");
                }
                files.put(item.getPath(), FieldPaths.value(pod, item.getFieldRef().getFieldPath(), nodeIp)
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** Writes the files afresh, refusing paths that would leave the volume (as the kubelet's item path check does). */
    private static void write(Path dir, Map<String, byte[]> files) throws IOException {
        delete(dir);
        Files.createDirectories(dir);
        for (var file : files.entrySet()) {
            Path target = dir.resolve(file.getKey()).normalize();
            if (Path.of(file.getKey()).isAbsolute() || !target.startsWith(dir) || target.equals(dir)) {
                throw new PodSetupException("item path " + file.getKey() + " must be relative and stay inside its volume");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    private static void requireOptional(Boolean optional, String problem) {
        if (!Boolean.TRUE.equals(optional)) {
            throw new PodSetupException(problem);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
