package dev.hearth.backend.cluster;

import static dev.hearth.backend.cluster.ClusterPhase.DELETED;
import static dev.hearth.backend.cluster.ClusterPhase.DELETING;
import static dev.hearth.backend.cluster.ClusterPhase.FAILED;
import static dev.hearth.backend.cluster.ClusterPhase.LOST;
import static dev.hearth.backend.cluster.ClusterPhase.PROVISIONING;
import static dev.hearth.backend.cluster.ClusterPhase.READY;
import static dev.hearth.backend.cluster.ClusterPhase.REQUESTED;
import static dev.hearth.backend.cluster.ClusterPhase.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.cluster.ProvisioningLine.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step list a person watches while their cluster is made, read from the events the agent causes. */
class ProvisioningProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-21T20:00:00Z");

    private final List<ClusterEventView> events = new ArrayList<>();

    /** An event {@code millis} after T0, as ClusterLifecycle and ClusterObservations write them. */
    private ProvisioningProgressTest at(long millis, ClusterPhase phase, String step, String message) {
        events.add(new ClusterEventView(events.size() + 1, T0.plusMillis(millis), phase, step, message));
        return this;
    }

    private List<ProvisioningLine> lines() {
        return ProvisioningProgress.of(events);
    }

    private static String show(ProvisioningLine line) {
        String mark = switch (line.state()) {
            case RUNNING -> "…";
            case DONE -> "✓";
            case FAILED -> "✗";
            case STOPPED -> "–";
        };
        return mark + " " + line.label() + (line.took() == null ? "" : " " + line.took().toMillis() + "ms")
                + (line.detail() == null ? "" : " (" + line.detail() + ")");
    }

    private List<String> shown() {
        return lines().stream().map(ProvisioningProgressTest::show).toList();
    }

    @Test
    void aQueuedClusterWaitsForAHost() {
        at(0, REQUESTED, null, "Requested; waiting for a host with capacity");
        assertThat(shown()).containsExactly("… Waiting for a host with capacity");
    }

    @Test
    void eachStepIsDoneWithItsTimeWhenTheNextBeginsAndReadyFinishesTheLast() {
        at(0, REQUESTED, null, "Requested; waiting for a host with capacity")
                .at(200, SCHEDULED, null, "Scheduled on host alpha")
                .at(300, PROVISIONING, "Generating certificates", "Generating certificates")
                .at(800, PROVISIONING, "Starting etcd", "Starting etcd")
                .at(2_300, PROVISIONING, "Starting API server", "Starting API server");
        assertThat(shown()).containsExactly(
                "✓ Waiting for a host with capacity 200ms",
                "✓ Scheduled on host alpha",
                "✓ Generating certificates 500ms",
                "✓ Starting etcd 1500ms",
                "… Starting API server");

        at(7_300, READY, null, "Ready; API server at https://127.0.0.1:40123");
        assertThat(shown()).endsWith(
                "✓ Starting API server 5000ms",
                "✓ Cluster ready (Ready; API server at https://127.0.0.1:40123)");
        assertThat(lines()).noneMatch(ProvisioningLine::running);
    }

    @Test
    void theFailingStepIsMarkedWithItsReasonAndARetryStartsNewLines() {
        at(0, SCHEDULED, null, "Scheduled on host alpha")
                .at(100, PROVISIONING, "Starting etcd", "Starting etcd")
                .at(4_100, FAILED, "Starting etcd", "failed to start etcd for cluster c-1: exited 1; next attempt in 2 s");
        assertThat(shown()).containsExactly(
                "✓ Scheduled on host alpha",
                "✗ Starting etcd 4000ms (failed to start etcd for cluster c-1: exited 1; next attempt in 2 s)");

        at(6_100, PROVISIONING, "Starting etcd", "Starting etcd");
        assertThat(shown()).last().isEqualTo("… Starting etcd");
        assertThat(shown()).hasSize(3);
    }

    @Test
    void aFailureNamingAStepNotUnderWayGetsItsOwnLine() {
        at(0, SCHEDULED, null, "Scheduled on host alpha").at(50, FAILED, null, "invalid plan: no such feature gate");
        assertThat(shown()).containsExactly("✓ Scheduled on host alpha", "✗ Provisioning (invalid plan: no such feature gate)");
    }

    @Test
    void whyTheAgentWaitsIsShownOnTheLineItWaitsIn() {
        at(0, SCHEDULED, null, "Scheduled on host alpha")
                .at(100, PROVISIONING, null, "Docker engine not reachable; the cluster waits; next attempt in 2 s")
                .at(2_100, PROVISIONING, "Creating network", "Creating network")
                .at(2_200, PROVISIONING, "Creating network", "Docker engine not reachable; the cluster waits");
        assertThat(shown()).containsExactly(
                "✓ Scheduled on host alpha",
                "✓ Waiting to provision 2000ms (Docker engine not reachable; the cluster waits; next attempt in 2 s)",
                "… Creating network (Docker engine not reachable; the cluster waits)");
    }

    @Test
    void notesThatChangeNothingStayInTheEventLogOnly() {
        at(0, SCHEDULED, null, "Scheduled on host alpha")
                .at(100, READY, null, "Ready")
                .at(60_000, READY, null, "Extended by 1h; now expires at 2026-11-22T01:00:00Z");
        assertThat(shown()).containsExactly("✓ Scheduled on host alpha", "✓ Cluster ready (Ready)");
    }

    @Test
    void deletionStopsWhatRanAndEndsTheList() {
        at(0, SCHEDULED, null, "Scheduled on host alpha")
                .at(100, PROVISIONING, "Starting API server", "Starting API server")
                .at(1_100, DELETING, null, "Deletion requested by alice")
                .at(3_100, DELETED, null, "Deleted: containers, network and volumes removed");
        assertThat(shown()).containsExactly(
                "✓ Scheduled on host alpha",
                "– Starting API server 1000ms",
                "✓ Deleting cluster 2000ms (Deletion requested by alice)",
                "✓ Deleted");
    }

    @Test
    void aLostHostEndsTheRunningStepAndARequeueWaitsAgain() {
        at(0, PROVISIONING, "Starting etcd", "Starting etcd")
                .at(30_000, LOST, null, "host alpha stopped answering")
                .at(30_001, REQUESTED, null, "Re-queued to be provisioned afresh on another host");
        assertThat(shown()).containsExactly(
                "– Starting etcd 30000ms",
                "✗ Host lost (host alpha stopped answering)",
                "… Waiting for a host with capacity");
        assertThat(lines().get(0).took()).isEqualTo(Duration.ofSeconds(30));
        assertThat(lines().get(2).state()).isEqualTo(State.RUNNING);
    }
}
