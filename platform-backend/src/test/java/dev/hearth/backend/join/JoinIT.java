package dev.hearth.backend.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a machine joining by command gets from the portal: the install script naming the public URL,
 * then — only with a valid host token — its host name, the image list and the images by digest.
 */
@QuarkusTest
class JoinIT {

    /** {@code %test.hearth.images.store-dir}, relative to the module as the test runs. */
    private static final Path STORE = Path.of("target/test-image-store");
    private static final byte[] TARBALL = "not really a docker save tarball, but bytes with a digest".getBytes(StandardCharsets.UTF_8);

    @Inject
    HostFixtures fixtures;

    private String digest;

    @BeforeEach
    void store() throws IOException {
        fixtures.removeTestHosts();
        String hex = sha256(TARBALL);
        digest = "sha256:" + hex;
        Files.createDirectories(STORE.resolve("blobs/sha256"));
        Files.write(STORE.resolve("blobs/sha256").resolve(hex), TARBALL);
        Files.writeString(STORE.resolve("index"), "registry hearth/registry:abc sha256:" + "1".repeat(64) + " " + digest
                + " " + TARBALL.length + "\n");
    }

    @AfterEach
    void clean() {
        fixtures.removeTestHosts();
    }

    @Test
    void theEnrolmentAnswerCarriesTheJoinCommandOnceAndTheScriptNamesThePublicUrl() {
        var enrolled = Api.as("admin").body(Map.of("name", HostFixtures.PREFIX + "cmd-" + UUID.randomUUID().toString().substring(0, 6)))
                .post("/api/v1/hosts").then().statusCode(201).extract();
        String token = enrolled.path("agentToken");
        // The leading space keeps it out of bash's history; the token is in sh's environment, no argument.
        assertThat(enrolled.<String>path("joinCommand"))
                .isEqualTo(" curl -fsSL http://localhost:8080/agent/v1/install.sh | HEARTH_JOIN_TOKEN=" + token + " sh");
        Api.as("admin").get("/api/v1/hosts/" + enrolled.path("id")).then().statusCode(200)
                .body("joinCommand", nullValue()).body("agentToken", nullValue());

        RestAssured.given().get("/agent/v1/install.sh").then().statusCode(200)
                .contentType(startsWith("text/x-shellscript"))
                .body(startsWith("#!/bin/sh"))
                .body(containsString("HEARTH_URL=${HEARTH_URL:-http://localhost:8080}"));
    }

    @Test
    void aHostTokenGetsItsNameTheImageListAndTheImagesByDigest() throws IOException {
        EnrolledHost host = fixtures.enrol("join");
        String answer = RestAssured.given().header("Authorization", host.bearer()).get("/agent/v1/join").then()
                .statusCode(200).extract().asString();
        assertThat(answer.lines()).containsExactly("host " + host.name(), "url http://localhost:8080",
                "image registry hearth/registry:abc sha256:" + "1".repeat(64) + " " + digest + " " + TARBALL.length);

        byte[] image = RestAssured.given().header("Authorization", host.bearer()).get("/agent/v1/images/" + digest).then()
                .statusCode(200).contentType("application/x-tar").extract().asByteArray();
        assertThat(sha256(image)).isEqualTo(digest.substring("sha256:".length()));
    }

    @Test
    void withoutAValidHostTokenNothingButTheScriptIsServed() {
        EnrolledHost host = fixtures.enrol("join");
        String apiToken = Api.as("admin").body(Map.of("name", "join-test", "scopes", List.of("hosts:admin")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        for (String authorization : new String[] {null, "Bearer hha_" + "x".repeat(40), "Bearer " + apiToken}) {
            var request = RestAssured.given();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            request.get("/agent/v1/join").then().statusCode(401).contentType("application/problem+json");
            RestAssured.given().header("Authorization", authorization == null ? "" : authorization)
                    .get("/agent/v1/images/" + digest).then().statusCode(401);
        }
        fixtures.revoke(host.id());
        RestAssured.given().header("Authorization", host.bearer()).get("/agent/v1/join").then().statusCode(401)
                .body("detail", containsString("unrevoked host token"));
        assertThat(fixtures.auditDetails("host.connect-refused"))
                .anyMatch(d -> d.contains("token of host " + host.name() + " was revoked"));
    }

    @Test
    void onlyDigestsTheIndexListsAreServed() throws IOException {
        EnrolledHost host = fixtures.enrol("join");
        // A file in the blob directory that the index does not list, and names that try to leave it.
        String unlisted = sha256("other".getBytes(StandardCharsets.UTF_8));
        Files.writeString(STORE.resolve("blobs/sha256").resolve(unlisted), "other");
        for (String name : new String[] {"sha256:" + unlisted, "sha256:" + "0".repeat(64), "..%2Findex", "sha256:..%2F..%2Findex",
                digest.toUpperCase()}) {
            RestAssured.given().urlEncodingEnabled(false).header("Authorization", host.bearer())
                    .get("/agent/v1/images/" + name).then().statusCode(404);
        }
        Files.delete(STORE.resolve("index"));
        RestAssured.given().header("Authorization", host.bearer()).get("/agent/v1/join").then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("has no index yet; run node-image/export-images.sh"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
