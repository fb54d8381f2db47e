package dev.hearth.wasmnode.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Watches the pods bound to this node ({@code spec.nodeName}) and keeps one {@link PodWorker} per pod
 * running (docs/architecture.md, "Conventions"): the informer's handlers only enqueue the pod's key; one dispatcher thread
 * reads the pod from the informer's cache and starts, updates or stops its worker.
 */
public final class PodController implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PodController.class.getName());

    private final KubernetesClient kubernetes;
    private final String nodeName;
    private final Function<Pod, PodContext> contexts;
    private final PodStatusPatcher patcher;
    private final PodAdmission admission;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<Pod> informer;
    private Thread dispatcher;

    /**
     * @param contexts makes a new pod's context
     * @param admission decides whether a new pod may run here at all
     */
    public PodController(KubernetesClient kubernetes, String nodeName, Function<Pod, PodContext> contexts,
            PodStatusPatcher patcher, PodAdmission admission) {
        this.kubernetes = kubernetes;
        this.nodeName = nodeName;
        this.contexts = contexts;
        this.patcher = patcher;
        this.admission = admission;
    }

    public void start() {
        informer = kubernetes.pods().inAnyNamespace().withField("spec.nodeName", nodeName).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                queue.add(Cache.metaNamespaceKeyFunc(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                queue.add(Cache.metaNamespaceKeyFunc(after));
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                queue.add(Cache.metaNamespaceKeyFunc(pod));
            }
        }, 0);
        dispatcher = Thread.ofPlatform().name("pod-dispatcher").daemon(true).start(this::dispatch);
    }

    private void dispatch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String key = queue.take();
                try {
                    reconcile(key);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "failed to handle pod " + key, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reconcile(String key) {
        Pod pod = informer.getIndexer().getByKey(key);
        if (pod == null) {
            // Gone from the API (deleted with grace 0 elsewhere): stop whatever still runs it.
            workers.values().stream().filter(worker -> worker.context().key().equals(key))
                    .forEach(worker -> worker.context().stop(Wake.DELETED));
            // Forget pods that finished here and are gone, so the set stays as small as the node's pod list.
            Set<String> cached = informer.getIndexer().list().stream().map(item -> item.getMetadata().getUid())
                    .collect(java.util.stream.Collectors.toSet());
            finished.retainAll(cached);
            return;
        }
        String uid = pod.getMetadata().getUid();
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        PodWorker worker = workers.get(uid);
        if (worker != null) {
            worker.context().update(pod);
            if (deleting) {
                worker.context().stop(Wake.DELETED);
            }
            return;
        }
        if (deleting) {
            // Finished earlier (or never started): nothing runs, so the deletion can complete now.
            PodContext context = contexts.apply(pod);
            new Terminated().next(context);
            finished.remove(uid);
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (finished.contains(uid) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        PodContext context = contexts.apply(pod);
        // Pods bound by spec.nodeName skip the scheduler: the node's capacity is enforced here, once per pod.
        Optional<Failed> refused = admission.refusal(pod, workers.values().stream().map(w -> w.context().pod()).toList(),
                context.sandboxes());
        if (refused.isPresent()) {
            LOG.log(Level.INFO, "refusing pod {0}: {1}", key, refused.get().message());
            patcher.patch(refused.get(), context);
            finished.add(uid);
            return;
        }
        PodWorker started = new PodWorker(context, patcher, () -> {
            finished.add(uid);
            workers.remove(uid);
            threads.remove(uid);
        });
        workers.put(uid, started);
        threads.put(uid, Thread.ofVirtual().name("pod " + key).start(started));
    }

    /** How many pods run on the node now. */
    public int running() {
        return workers.size();
    }

    /**
     * Stops every pod for a node shutdown — their modules interrupted, their status reported as
     * Failed with reason NodeShutdown — waiting up to {@code timeout} for that.
     */
    public void shutdown(Duration timeout) {
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        workers.values().forEach(worker -> worker.context().stop(Wake.NODE_SHUTDOWN));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads.values()) {
            try {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (informer != null) {
            informer.close();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
