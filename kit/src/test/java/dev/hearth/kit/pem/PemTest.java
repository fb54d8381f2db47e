package dev.hearth.kit.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void anEcKeyPairWrittenAsSec1ReadsBackAsTheSamePair() throws Exception {
        KeyPair pair = ecKeyPair();

        String pem = Pem.sec1PrivateKey(pair);

        assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
        KeyPair read = Pem.readKeyPair(pem);
        // The same secret scalar (the encodings differ: SEC 1 carries the curve and public point along).
        assertThat(((ECPrivateKey) read.getPrivate()).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
        assertThat(read.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void aPrivateKeyAsPkcs8AndAPublicKeyHaveTheirStandardBlocks() throws Exception {
        KeyPair pair = ecKeyPair();

        assertThat(Pem.pkcs8PrivateKey(pair.getPrivate())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.publicKey(pair.getPublic())).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void aBundleReadsBackAsItsCertificatesInOrder() throws Exception {
        KeyPair pair = ecKeyPair();
        var first = selfSigned(pair, "first");
        var second = selfSigned(pair, "second");

        var read = Pem.readCertificates(Pem.certificate(first) + Pem.certificate(second));

        assertThat(read).containsExactly(first, second);
    }

    @Test
    void textWithoutAKeyPairIsRefusedWithAReason() {
        assertThatThrownBy(() -> Pem.readKeyPair("not pem at all")).isInstanceOf(PemException.class)
                .hasMessageContaining("no key pair");
    }

    private static KeyPair ecKeyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static java.security.cert.X509Certificate selfSigned(KeyPair pair, String name) throws Exception {
        var subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now),
                Date.from(now.plusSeconds(3600)), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
