package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expired clusters are deleted by the reaper, not by their owners remembering to. */
@QuarkusTest
class ClusterReaperIT {

    @Inject
    Fixtures fixtures;

    @Inject
    ClusterReaper reaper;

    @BeforeEach
    void clean() {
        fixtures.forget("alice");
    }

    @Test
    void expiredClusterIsDeletedAndLiveOneIsKept() {
        String expired = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        String live = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        fixtures.setClusterExpiry(expired, Instant.now().minusSeconds(60));

        assertThat(reaper.reap()).contains(expired).doesNotContain(live);

        Api.as("alice").get("/api/v1/clusters/" + expired).then().body("phase", equalTo("DELETED"));
        Api.as("alice").get("/api/v1/clusters/" + expired + "/events").then()
                .body("message", hasItem(containsString("Expired")));
        Api.as("alice").get("/api/v1/clusters/" + live).then().body("phase", equalTo("REQUESTED"));
        assertThat(fixtures.audit("cluster", expired)).contains("cluster.expire by system via system");
        assertThat(reaper.reap()).doesNotContain(expired);
    }
}
