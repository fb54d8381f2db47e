package dev.hearth.backend.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small certificate authority for a test API server's client certificates, made with the JDK's own
 * {@code keytool} (the backend has no PKI library, and a test needs nothing installed beyond the JDK).
 */
public final class ClientCertificates {

    private static final String PASSWORD = "hearth-test";

    /** A client certificate and its RSA key (PKCS #8), and the CA certificate that issued it, all PEM. */
    record Issued(String certificatePem, String keyPem, String issuerPem) {
    }

    private final Path dir;

    ClientCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * A kubeconfig of the form a worker agent sends (cluster CA, admin client certificate and key) naming
     * {@code server}, for tests of the agent channel that need no API server behind it.
     */
    public static String kubeconfig(String server) {
        Path dir;
        try {
            dir = Files.createTempDirectory("hearth-kubeconfig-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Issued admin = new ClientCertificates(dir).issue("hearth-admin", "system:masters");
            return kubeconfig(server, base64(admin.issuerPem()), admin);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * A kubeconfig naming {@code server}, trusting {@code caData} (base64 of the CA's PEM) and signing in
     * with {@code user}'s client certificate: the one shape every test kubeconfig of this module has.
     */
    static String kubeconfig(String server, String caData, Issued user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: admin
                current-context: test
                """.formatted(server, caData, base64(user.certificatePem()), base64(user.keyPem()));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A certificate for user {@code commonName} in group {@code organisation}, from a fresh CA. */
    Issued issue(String commonName, String organisation) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path user = dir.resolve("user.p12");
            keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=hearth-test-client-ca", "-ext", "bc:c", "-validity", "2");
            keytool("-genkeypair", "-keystore", user.toString(), "-alias", "user", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=" + commonName + ", O=" + organisation, "-validity", "2");
            Path csr = dir.resolve("user.csr");
            keytool("-certreq", "-keystore", user.toString(), "-alias", "user", "-file", csr.toString());
            Path certificate = dir.resolve("user.crt");
            keytool("-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", csr.toString(),
                    "-outfile", certificate.toString(), "-rfc", "-validity", "2",
                    "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=clientAuth");
            Path caCertificate = dir.resolve("ca.crt");
            keytool("-exportcert", "-keystore", ca.toString(), "-alias", "ca", "-rfc", "-file", caCertificate.toString());
            return new Issued(Files.readString(certificate), privateKeyPem(user), Files.readString(caCertificate));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to make client certificates in " + dir, e);
        }
    }

    private static String privateKeyPem(Path keystore) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey("user", PASSWORD.toCharArray());
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to read the key keytool made", e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
