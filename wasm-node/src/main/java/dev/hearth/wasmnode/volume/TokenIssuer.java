package dev.hearth.wasmnode.volume;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/**
 * Issues the tokens of pods' {@code serviceAccountToken} projections with the TokenRequest API, as the
 * node: for the pod's service account, bound to the pod (the Node authorizer and NodeRestriction let a
 * node ask only for pods bound to it, and the token dies with the pod).
 */
public interface TokenIssuer {

    /**
     * @param audience the token's audience, or null for the API server's own
     * @param expirationSeconds the lifetime asked for; the API server may grant a longer one
     */
    IssuedToken issue(Pod pod, String audience, long expirationSeconds);

    /** A token as the API server issued it. */
    record IssuedToken(String token, Instant expiresAt) {}

    /** The pod's service account: {@code spec.serviceAccountName}, {@code default} when unset. */
    static String serviceAccount(Pod pod) {
        String name = pod.getSpec().getServiceAccountName();
        return name == null || name.isEmpty() ? "default" : name;
    }

    /** Asks through {@code kubernetes}, the node's client. */
    static TokenIssuer of(KubernetesClient kubernetes) {
        return (pod, audience, expirationSeconds) -> {
            String serviceAccount = serviceAccount(pod);
            TokenRequest request = new TokenRequestBuilder()
                    .withNewSpec()
                        .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                        .withExpirationSeconds(expirationSeconds)
                        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                            .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                        .endBoundObjectRef()
                    .endSpec()
                    .build();
            TokenRequest issued = kubernetes.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
                    .withName(serviceAccount).tokenRequest(request);
            return new IssuedToken(issued.getStatus().getToken(), Instant.parse(issued.getStatus().getExpirationTimestamp()));
        };
    }
}
