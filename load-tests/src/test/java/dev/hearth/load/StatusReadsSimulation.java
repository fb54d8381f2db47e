package dev.hearth.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * docs/BENCHMARKS.md: cluster status reads at {@code -Drate} per second (1000) for {@code -Dseconds} (30),
 * after a 10 s ramp, as automation polls them — an API token, one READY cluster. Bounded by its
 * duration; fails when p95 exceeds 50 ms or more than 1% of reads fail.
 */
public class StatusReadsSimulation extends Simulation {

    private static final int RATE = Integer.getInteger("rate", 1000);
    private static final int SECONDS = Integer.getInteger("seconds", 30);

    private final HearthStack stack = HearthStack.fromSystemProperties();

    private final HttpProtocolBuilder protocol = http.baseUrl(stack.portal.toString())
            .authorizationHeader("Bearer " + stack.apiToken)
            .acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder reads = scenario("cluster status reads")
            .exec(http("GET /api/v1/clusters/{id}").get("/api/v1/clusters/" + stack.clusterId)
                    .check(status().is(200), jsonPath("$.phase").is("READY")));

    {
        setUp(reads.injectOpen(
                rampUsersPerSec(10).to(RATE).during(Duration.ofSeconds(10)),
                constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(SECONDS + 40))
                .assertions(
                        global().responseTime().percentile(95.0).lte(50),
                        global().failedRequests().percent().lte(1.0));
    }

    @Override
    public void after() {
        stack.close();
    }
}
