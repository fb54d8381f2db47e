package dev.hearth.wasmnode.kubeletapi;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Decides whether a client may read from the kubelet API the way a kubelet in webhook authorization
 * mode does (https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/): the
 * certificate's CN is the user and its O entries the groups, and the API server is asked whether
 * they may {@code get nodes/proxy} on this node. A certificate from the cluster CA alone is not
 * enough — every node, controller and CSR-holding user has one. Answers are cached for a short
 * while, as the kubelet caches them.
 */
public final class ClientAuthorizer implements Predicate<X509Certificate> {

    private static final System.Logger LOG = System.getLogger(ClientAuthorizer.class.getName());

    private final KubernetesClient kubernetes;
    private final String nodeName;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    public ClientAuthorizer(KubernetesClient kubernetes, String nodeName, Clock clock, Duration cacheFor) {
        this.kubernetes = kubernetes;
        this.nodeName = nodeName;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    @Override
    public boolean test(X509Certificate client) {
        X500Name subject = X500Name.getInstance(client.getSubjectX500Principal().getEncoded());
        String user = values(subject, BCStyle.CN).stream().findFirst().orElse("");
        List<String> groups = values(subject, BCStyle.O);
        String key = user + "|" + String.join(",", groups);
        Instant now = clock.instant();
        Decision cached = decisions.get(key);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.allowed();
        }
        boolean allowed = ask(user, groups);
        decisions.put(key, new Decision(allowed, now.plus(cacheFor)));
        return allowed;
    }

    private boolean ask(String user, List<String> groups) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                    .withUser(user)
                    .withGroups(groups)
                    .withNewResourceAttributes()
                        .withVerb("get").withResource("nodes").withSubresource("proxy").withName(nodeName)
                    .endResourceAttributes()
                .endSpec()
                .build();
        try {
            return Boolean.TRUE.equals(kubernetes.authorization().v1().subjectAccessReview().create(review)
                    .getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            // Fail closed: without an answer nobody reads pods' logs.
            LOG.log(Level.WARNING, "could not ask the API server whether {0} may read from node {1}: {2}", user, nodeName,
                    e.getMessage());
            return false;
        }
    }

    private static List<String> values(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        return Arrays.stream(name.getRDNs(type)).map(RDN::getFirst)
                .map(value -> IETFUtils.valueToString(value.getValue())).toList();
    }

    private record Decision(boolean allowed, Instant until) {}
}
