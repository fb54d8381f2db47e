package dev.hearth.agent.tunnel;

import dev.hearth.protocol.TunnelTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an {@link TunnelTarget.Http} tunnel connects — the trust boundary of app tunnels on the agent's
 * side (docs/security.md, "Web apps through the portal"). The Service (its port, its ready endpoints) or
 * the pod (its IP) is read from the tunnel's own cluster's API server with the agent's admin
 * credentials; what that answers is the participant's to write, so an address is used only when it is
 * one of {@code allowed}: the cluster's WASI node on the cluster's network, from Docker. An endpoint a
 * participant pointed at the host, the backend, another cluster or a metadata address is refused.
 */
final class AppEndpoints {

    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private AppEndpoints() {
    }

    /**
     * @param kubernetes the tunnel's cluster, as its admin
     * @param allowed the addresses of the cluster's WASI node (NodeAddresses)
     * @throws TunnelRefusedException naming why: no such Service, port or pod, no ready endpoint, or an
     *         address outside the cluster
     */
    static InetSocketAddress resolve(KubernetesClient kubernetes, TunnelTarget.Http target, Set<String> allowed) {
        if (allowed.isEmpty()) {
            throw new TunnelRefusedException(TunnelTarget.Http.REFUSED + "this cluster has no running WASI node on this host");
        }
        return target.pod() != null && !target.pod().isBlank()
                ? pod(kubernetes, target, allowed) : service(kubernetes, target, allowed);
    }

    private static InetSocketAddress pod(KubernetesClient kubernetes, TunnelTarget.Http target, Set<String> allowed) {
        Pod pod = kubernetes.pods().inNamespace(target.namespace()).withName(target.pod()).get();
        if (pod == null) {
            throw new TunnelRefusedException(TunnelTarget.Http.NOT_FOUND + "no pod " + target.namespace() + "/" + target.pod() + " in this cluster");
        }
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
            throw new TunnelRefusedException(TunnelTarget.Http.NOT_READY + "pod " + target.namespace() + "/" + target.pod() + " has no IP yet");
        }
        return inside(ip, target.port(), allowed, "pod " + target.namespace() + "/" + target.pod());
    }

    private static InetSocketAddress service(KubernetesClient kubernetes, TunnelTarget.Http target, Set<String> allowed) {
        String what = "Service " + target.namespace() + "/" + target.service();
        Service service = kubernetes.services().inNamespace(target.namespace()).withName(target.service()).get();
        if (service == null) {
            throw new TunnelRefusedException(TunnelTarget.Http.NOT_FOUND + "no " + what + " in this cluster");
        }
        ServicePort port = servicePort(service, target)
                .orElseThrow(() -> new TunnelRefusedException(TunnelTarget.Http.NOT_FOUND + what + " has no port "
                        + (target.portName() != null ? "named " + target.portName() : String.valueOf(target.port()))));
        List<InetSocketAddress> ready = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        for (EndpointSlice slice : kubernetes.discovery().v1().endpointSlices().inNamespace(target.namespace())
                .withLabel(SERVICE_NAME_LABEL, target.service()).list().getItems()) {
            Integer number = slicePort(slice, port.getName());
            if (number == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getConditions() != null && Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
                    continue;
                }
                for (String address : endpoint.getAddresses() == null ? List.<String>of() : endpoint.getAddresses()) {
                    if (allowed.contains(address) && number >= 1 && number <= 65535) {
                        ready.add(new InetSocketAddress(address, number));
                    } else {
                        outside.add(address + ":" + number);
                    }
                }
            }
        }
        if (!ready.isEmpty()) {
            return ready.get(ThreadLocalRandom.current().nextInt(ready.size()));
        }
        if (!outside.isEmpty()) {
            throw new TunnelRefusedException(TunnelTarget.Http.REFUSED + "the endpoints of " + what + " (" + String.join(", ", outside)
                    + ") are not this cluster's WASI node; an app tunnel reaches only the cluster's own pods");
        }
        throw new TunnelRefusedException(TunnelTarget.Http.NOT_READY + what + " has no ready endpoint: no pod behind it is Ready");
    }

    private static java.util.Optional<ServicePort> servicePort(Service service, TunnelTarget.Http target) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of() : service.getSpec().getPorts();
        return ports.stream().filter(p -> target.portName() != null
                ? target.portName().equals(p.getName())
                : Objects.equals(p.getPort(), target.port())).findFirst();
    }

    /** The slice's number for the Service's port: the slice names its ports as the Service does (unnamed: ""). */
    private static Integer slicePort(EndpointSlice slice, String serviceName) {
        String wanted = serviceName == null ? "" : serviceName;
        for (EndpointPort port : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
            String name = port.getName() == null ? "" : port.getName();
            if (name.equals(wanted) && port.getPort() != null && !"UDP".equals(port.getProtocol()) && !"SCTP".equals(port.getProtocol())) {
                return port.getPort();
            }
        }
        return null;
    }

    private static InetSocketAddress inside(String ip, int port, Set<String> allowed, String what) {
        if (!allowed.contains(ip)) {
            throw new TunnelRefusedException(TunnelTarget.Http.REFUSED + what + " has address " + ip
                    + ", which is not this cluster's WASI node; an app tunnel reaches only the cluster's own pods");
        }
        return new InetSocketAddress(ip, port);
    }
}
