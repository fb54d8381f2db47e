package dev.hearth.backend.demo;

import dev.hearth.backend.demo.DemoFacts.PodFact;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.problem.ValidationProblem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The demo pod on a participant's cluster, through fabric8 with their cluster's admin kubeconfig:
 * applying a manifest (its ConfigMaps by server-side apply, the pod created fresh after the previous
 * one is gone) and reading how its container is doing.
 */
@ApplicationScoped
public class DemoPods {

    private static final Logger LOG = Logger.getLogger(DemoPods.class);
    /** Waiting reasons a pod does not leave by itself: the run has failed. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError");
    private static final String MANAGED_BY = "hearth-demo";

    private final DemoClusters clusters;
    private final DemoSettings settings;

    public DemoPods(DemoClusters clusters, DemoSettings settings) {
        this.clusters = clusters;
        this.settings = settings;
    }

    /** What was created. */
    public record Applied(String namespace, String pod, String uid, String container) {
    }

    /**
     * Applies {@code manifest}; a pod of the same name, and the previous run's pod, are deleted first
     * (grace 0) and waited for, so a rerun starts a fresh pod with a fresh log.
     *
     * @param previous the pod the last run created, or null
     * @throws ValidationProblem (field {@code manifest}) when the API server rejects an object
     * @throws ProblemException 502 when the cluster cannot be reached
     */
    public Applied apply(String clusterId, DemoManifest manifest, Applied previous) {
        String ns = manifest.namespace();
        Pod pod = manifest.pod();
        pod.getMetadata().setNamespace(ns);
        try {
            KubernetesClient k8s = clusters.client(clusterId);
            if (k8s.namespaces().withName(ns).get() == null) {
                throw ValidationProblem.of("manifest", "namespace " + ns + " does not exist in cluster " + clusterId);
            }
            if (previous != null) {
                deleteAndWait(k8s, previous.namespace(), previous.pod());
            }
            deleteAndWait(k8s, ns, pod.getMetadata().getName());
            for (ConfigMap cm : manifest.configMaps()) {
                cm.getMetadata().setNamespace(ns);
                k8s.configMaps().inNamespace(ns).resource(cm).fieldManager(MANAGED_BY).forceConflicts().serverSideApply();
            }
            Pod created = k8s.pods().inNamespace(ns).resource(pod).create();
            return new Applied(ns, created.getMetadata().getName(), created.getMetadata().getUid(),
                    manifest.container().getName());
        } catch (KubernetesClientException e) {
            throw translate(clusterId, e);
        }
    }

    /**
     * Applies step 7's web app (its manifest is the platform's, not the participant's): the Service by
     * server-side apply, the pod created fresh after the previous one of its name is gone.
     *
     * @return the created pod's uid
     * @throws ProblemException 502 when the cluster cannot be reached; 400 naming {@code manifest} when it refuses
     */
    public String applyWebApp(String clusterId, String manifest) {
        try {
            KubernetesClient k8s = clusters.client(clusterId);
            String uid = null;
            for (HasMetadata object : k8s.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items()) {
                String ns = object.getMetadata().getNamespace();
                if (object instanceof Pod pod) {
                    deleteAndWait(k8s, ns, pod.getMetadata().getName());
                    uid = k8s.pods().inNamespace(ns).resource(pod).create().getMetadata().getUid();
                } else {
                    k8s.resource(object).inNamespace(ns).fieldManager(MANAGED_BY).forceConflicts().serverSideApply();
                }
            }
            return uid;
        } catch (KubernetesClientException e) {
            throw translate(clusterId, e);
        }
    }

    /** Deletes the demo pod, if it is there; for starting over. Failures are logged, not thrown. */
    public void delete(String clusterId, String namespace, String pod) {
        try {
            KubernetesClient k8s = clusters.client(clusterId);
            k8s.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
        } catch (RuntimeException e) {
            LOG.infof("could not delete demo pod %s/%s on cluster %s: %s", namespace, pod, clusterId, e.getMessage());
        }
    }

    /** How the applied pod's container is doing, as {@code kubectl get pod} would say it. */
    public PodFact read(String clusterId, Applied applied) {
        try {
            KubernetesClient k8s = clusters.client(clusterId);
            Pod pod = k8s.pods().inNamespace(applied.namespace()).withName(applied.pod()).get();
            if (pod == null || !Objects.equals(pod.getMetadata().getUid(), applied.uid())) {
                return new PodFact(true, false, null, null, false);
            }
            return fact(pod, applied.container());
        } catch (RuntimeException e) {
            LOG.debugf(e, "reading demo pod on cluster %s", clusterId);
            return new PodFact(false, false, null, "cluster " + clusterId + " did not answer: " + e.getMessage(), false);
        }
    }

    static PodFact fact(Pod pod, String container) {
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
        ContainerStatus status = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? null
                : pod.getStatus().getContainerStatuses().stream().filter(s -> container.equals(s.getName())).findFirst()
                        .orElse(null);
        if (status != null && status.getState() != null) {
            if (status.getState().getTerminated() != null) {
                var t = status.getState().getTerminated();
                return new PodFact(true, true, t.getExitCode(), t.getReason(), false);
            }
            if (status.getState().getWaiting() != null && status.getState().getWaiting().getReason() != null) {
                var w = status.getState().getWaiting();
                return new PodFact(true, true, null, w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()),
                        STUCK.contains(w.getReason()));
            }
            if (status.getState().getRunning() != null) {
                return new PodFact(true, true, null, "Running", false);
            }
        }
        boolean failed = "Failed".equals(phase);
        String reason = pod.getStatus() == null ? null : pod.getStatus().getMessage();
        return new PodFact(true, true, null, phase + (reason == null ? "" : ": " + reason), failed);
    }

    private void deleteAndWait(KubernetesClient k8s, String ns, String name) {
        var resource = k8s.pods().inNamespace(ns).withName(name);
        if (resource.get() == null) {
            return;
        }
        resource.withGracePeriod(0).delete();
        try {
            resource.waitUntilCondition(Objects::isNull, settings.podGoneTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            throw new ProblemException(409, "pod-not-gone", "Previous pod still there",
                    "pod " + ns + "/" + name + " was deleted but is still there after "
                            + settings.podGoneTimeout().toSeconds() + " s; try again shortly");
        }
    }

    private static ProblemException translate(String clusterId, KubernetesClientException e) {
        if (e.getCode() == 400 || e.getCode() == 422 || e.getCode() == 409) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            return ValidationProblem.of("manifest", "the cluster's API server refused it: " + message);
        }
        LOG.debugf(e, "applying the demo to cluster %s", clusterId);
        return new ProblemException(502, "cluster-unreachable", "Cluster did not answer",
                "cluster " + clusterId + "'s API server could not apply the demo"
                        + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + e.getMessage());
    }
}
