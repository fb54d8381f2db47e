package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON variant of {@code GET /api/v1/clusters/{id}/events} shares its operation in the API document
 * with the event stream, {@code Last-Event-ID} included: it reads the header as the stream does (a
 * client resuming by polling gets only what is new) and refuses one that is no event id with a 400
 * naming the header (InputBoundary), where it used to ignore it (schemathesis' negative_data_rejection, docs/development.md).
 */
@QuarkusTest
class ClusterEventsJsonIT {

    @Inject
    Fixtures fixtures;

    @AfterEach
    void forget() {
        fixtures.forget("alice");
    }

    @Test
    void lastEventIdSelectsTheEventsAfterItAndAnOutOfRangeOneIsRefused() {
        fixtures.forget("alice");
        String id = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        List<Object> all = Api.as("alice").get("/api/v1/clusters/" + id + "/events").then().statusCode(200)
                .extract().path("id");
        assertThat(all).as("a new cluster's events (REQUESTED at least)").isNotEmpty();

        List<Object> afterFirst = Api.as("alice").header("Last-Event-ID", String.valueOf(all.getFirst()))
                .get("/api/v1/clusters/" + id + "/events").then().statusCode(200).extract().path("id");
        assertThat(afterFirst).isEqualTo(all.subList(1, all.size()));

        Api.as("alice").header("Last-Event-ID", "99999999999999999999").get("/api/v1/clusters/" + id + "/events")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("Last-Event-ID"));
    }
}
