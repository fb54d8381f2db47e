package dev.hearth.agent.docker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The agent is ready only while its Docker engine answers: without it no cluster can converge, and
 * the check says so in words an operator can act on.
 */
@Readiness
@ApplicationScoped
public class DockerReadinessCheck implements HealthCheck {

    static final String NAME = "Docker engine";

    private final DockerEndpoint docker;

    public DockerReadinessCheck(DockerEndpoint docker) {
        this.docker = docker;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("address", docker.address());
        return switch (docker.probe()) {
            case DockerProbe.Reachable reachable -> response.up().withData("version", reachable.version()).build();
            case DockerProbe.Unreachable unreachable -> response.down().withData("message", unreachable.message()).build();
        };
    }
}
