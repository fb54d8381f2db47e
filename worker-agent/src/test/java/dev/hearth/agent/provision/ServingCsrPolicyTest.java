package dev.hearth.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServingCsrPolicyTest {

    private static final Node NODE = new NodeBuilder()
            .withNewMetadata().withName("demo-wasi").endMetadata()
            .withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("172.18.0.3").endAddress()
                .addNewAddress().withType("Hostname").withAddress("hearth-c42-wasi").endAddress()
            .endStatus()
            .build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the node's own request             | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | server auth;digital signature | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi;172.18.0.3 | -
            another signer                     | kubernetes.io/kube-apiserver-client-kubelet | system:node:demo-wasi | system:nodes | server auth | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi | signer is
            another node's request             | kubernetes.io/kubelet-serving | system:node:other-wasi | system:nodes | server auth | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi | requested by system:node:other-wasi
            a bootstrap token's request        | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:bootstrappers | server auth | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi | not in system:nodes
            client usages                      | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | client auth;server auth | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi | are not a serving certificate's
            a subject naming another node      | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | server auth | CN=system:node:other,O=system:nodes | hearth-c42-wasi | is not CN=system:node:demo-wasi
            a SAN for someone else's name      | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | server auth | CN=system:node:demo-wasi,O=system:nodes | hearth-c42-wasi;kubernetes.default | [kubernetes.default]
            a SAN for someone else's address   | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | server auth | CN=system:node:demo-wasi,O=system:nodes | 172.18.0.3;10.96.0.1 | [10.96.0.1]
            no SAN at all                      | kubernetes.io/kubelet-serving | system:node:demo-wasi  | system:nodes | server auth | CN=system:node:demo-wasi,O=system:nodes | - | names no DNS name or IP address
            """)
    void approvesOnlyTheNodesOwnServingRequest(String what, String signer, String username, String groups, String usages,
            String subject, String sans, String refusal) throws Exception {
        CertificateSigningRequest csr = csr(signer, username, List.of(groups.split(";")), List.of(usages.split(";")),
                subject, sans == null ? List.of() : List.of(sans.split(";")));

        var verdict = ServingCsrPolicy.refusal(csr, NODE);

        if (refusal == null) {
            assertThat(verdict).as(what).isEmpty();
        } else {
            assertThat(verdict).as(what).hasValueSatisfying(reason -> assertThat(reason).contains(refusal));
        }
    }

    private static CertificateSigningRequest csr(String signer, String username, List<String> groups, List<String> usages,
            String subject, List<String> sans) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var keys = generator.generateKeyPair();
        var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
        if (!sans.isEmpty()) {
            var extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.stream()
                    .map(san -> san.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, san)
                            : new GeneralName(GeneralName.dNSName, san))
                    .toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        var request = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        var pem = new StringWriter();
        try (var writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return new CertificateSigningRequestBuilder()
                .withNewMetadata().withName("csr-" + Arrays.hashCode(request.getEncoded())).endMetadata()
                .withNewSpec()
                    .withSignerName(signer)
                    .withUsername(username)
                    .withGroups(groups)
                    .withUsages(usages)
                    .withRequest(Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII)))
                .endSpec()
                .build();
    }
}
