package dev.hearth.wasmnode.bootstrap;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The kubelet API's certificate until the cluster issues one: self-signed, as a kubelet without
 * {@code serverTLSBootstrap} serves. The API server does not check kubelet certificates unless it is
 * given {@code --kubelet-certificate-authority}, so {@code kubectl logs} works meanwhile.
 */
public final class SelfSignedCertificates {

    private final NodeKeys keys;
    private final Clock clock;
    private final SecureRandom random;

    public SelfSignedCertificates(NodeKeys keys, Clock clock, SecureRandom random) {
        this.keys = keys;
        this.clock = clock;
        this.random = random;
    }

    public ServingIdentity serving(String nodeName, List<String> dnsNames, List<InetAddress> ips) {
        KeyPair keyPair = keys.newKeyPair();
        Instant now = clock.instant();
        var subject = CertificateRequests.subject(nodeName);
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject,
                keyPair.getPublic());
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            var certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new ServingIdentity(keyPair, List.of(certificate), false);
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new BootstrapException("failed to make a self-signed serving certificate for node " + nodeName, e);
        }
    }
}
