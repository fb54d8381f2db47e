package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster's configuration is validated once, on request, and kept typed: what the API shows and agents
 * are sent comes from the stored form; a row an older replica wrote (YAML only) still works and is
 * given its typed form by the backfill.
 */
@QuarkusTest
class StoredConfigurationIT {

    private static final String CONFIG = """
            apiVersion: hearth.dev/v1alpha1
            kind: ClusterConfiguration
            featureGates:
              Krustlet: false
            registryMirrors:
              docker.io: http://mirror.example:5000
            """;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    @Inject
    StoredConfigurationBackfill backfill;

    @BeforeEach
    void clean() {
        fixtures.forget("alice");
    }

    @Test
    void aRequestedClusterKeepsItsValidatedConfigurationTyped() {
        String id = request();

        assertThat(stored(id)).contains("\"krustlet\":false").contains("http://mirror.example:5000");
        Api.as("alice").get("/api/v1/clusters/" + id).then()
                .body("config", containsString("Krustlet: false"))
                .body("config", containsString("docker.io: http://mirror.example:5000"));
    }

    @Test
    void aRowFromAnOlderReplicaIsReadFromItsYamlAndGetsItsTypedFormFromTheBackfill() {
        String id = request();
        // With the version bumped, as any writer does: a scheduling pass holding the row from before must
        // not write the typed form back over it.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                UPDATE cluster SET configuration = NULL, config_yaml = :yaml, version = version + 1 WHERE id = :id""")
                .setParameter("yaml", CONFIG.replace("mirror.example", "older.example")).setParameter("id", id)
                .executeUpdate());

        Api.as("alice").get("/api/v1/clusters/" + id).then()
                .body("config", containsString("docker.io: http://older.example:5000"));

        backfill.fill(null);

        assertThat(stored(id)).contains("http://older.example:5000").contains("\"krustlet\":false");
        Api.as("alice").get("/api/v1/clusters/" + id).then()
                .body("config", containsString("docker.io: http://older.example:5000"))
                .body("config", not(containsString("mirror.example")));
    }

    private String request() {
        return Api.as("alice").body(Map.of("config", CONFIG)).post("/api/v1/clusters").then().statusCode(202)
                .extract().path("id");
    }

    private String stored(String id) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT configuration FROM cluster WHERE id = :id").setParameter("id", id).getSingleResult());
    }
}
