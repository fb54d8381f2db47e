package dev.hearth.load;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * docs/BENCHMARKS.md: {@code -Dstreams} (300) browsers following a cluster's live lifecycle events over SSE
 * at once, each held open for {@code -Dseconds} (30), while {@link StatusReadsSimulation} can run
 * beside it. Every stream must replay the cluster's stored events (the READY one among them) within
 * 5 s of opening; bounded by its duration.
 */
public class EventStreamsSimulation extends Simulation {

    private static final int STREAMS = Integer.getInteger("streams", 300);
    private static final int SECONDS = Integer.getInteger("seconds", 30);

    private final HearthStack stack = HearthStack.fromSystemProperties();

    private final HttpProtocolBuilder protocol = http.baseUrl(stack.portal.toString())
            .authorizationHeader("Bearer " + stack.apiToken);

    private final ScenarioBuilder follow = scenario("cluster event streams")
            .exec(sse("open events").get("/api/v1/clusters/" + stack.clusterId + "/events")
                    .await(Duration.ofSeconds(5)).on(sse.checkMessage("replayed")
                            .matching(regex("READY").find().exists())
                            .check(regex("READY").find().exists())))
            .pause(Duration.ofSeconds(SECONDS))
            .exec(sse("close events").close());

    {
        setUp(follow.injectOpen(rampUsers(STREAMS).during(Duration.ofSeconds(10))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(SECONDS + 40))
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void after() {
        stack.close();
    }
}
