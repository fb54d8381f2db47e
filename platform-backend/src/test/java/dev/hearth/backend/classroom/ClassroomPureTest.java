package dev.hearth.backend.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterPolicy;
import dev.hearth.backend.scheduling.HostLoad;
import dev.hearth.backend.scheduling.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classroom pieces that need nothing outside the JVM: join codes, seat cluster names, CSV fields. */
class ClassroomPureTest {

    @Test
    void joinCodesAreEightUnambiguousCharactersAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = JoinCodes.next();
            assertThat(code).matches("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}");
            seen.add(code);
        }
        assertThat(seen).hasSize(10_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k7qx-m2pa   | K7QX-M2PA",
        "K7QX M2PA   | K7QX-M2PA",
        "  k7qxm2pa  | K7QX-M2PA",
        "K7Q         | K7Q",
    })
    void typedCodesAreReadInTheStoredForm(String typed, String stored) {
        assertThat(JoinCodes.normalize(typed)).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "WASI workshop                                   | 3  | wasi-workshop-3",
        "  Kubernetes & WebAssembly: the morning group!  | 12 | kubernetes-webassembly-the-morning-gr-12",
        "!!!                                             | 1  | seat-1",
    })
    void seatClustersAreNamedAfterTheClassroomAsDnsLabels(String classroom, int number, String expected) {
        Classroom c = new Classroom();
        c.name = classroom;
        Seat seat = new Seat();
        seat.number = number;
        String name = SeatClusters.name(c, seat);
        assertThat(name).isEqualTo(expected).hasSizeLessThanOrEqualTo(40).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(ClassroomSummary.field("alice")).isEqualTo("alice");
        assertThat(ClassroomSummary.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ClassroomSummary.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ClassroomSummary.field("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(ClassroomSummary.field(null)).isEmpty();
    }

    @Test
    void warmPoolClustersGoOnlyToHostsStartingFewerThanTheLimit() {
        HostLoad busy = new HostLoad(UUID.randomUUID(), "busy", 8192, 20, 1050, 3);
        HostLoad quiet = new HostLoad(UUID.randomUUID(), "quiet", 8192, 20, 1400, 4);
        Map<UUID, Integer> starting = Map.of(busy.id(), 3, quiet.id(), 1);
        assertThat(Placement.withStartingRoom(List.of(busy, quiet), starting, 3)).containsExactly(quiet);
        assertThat(Placement.withStartingRoom(List.of(busy, quiet), starting, 4)).containsExactly(busy, quiet);

        Cluster cluster = new Cluster();
        assertThat(Placement.isWarmPool(cluster)).as("no owner yet").isTrue();
        cluster.ownerId = UUID.randomUUID();
        assertThat(Placement.isWarmPool(cluster)).isFalse();
    }

    @Test
    void aSeatClusterLivesUntilTheEndOrItsTtlButNeverPastThePolicy() {
        Instant now = Instant.parse("2026-05-04T09:00:00Z");
        Classroom c = new Classroom();
        c.id = UUID.randomUUID();
        c.endsAt = now.plus(Duration.ofHours(3));
        SeatClusters clusters = new SeatClusters(null, null, new FixedPolicy(Duration.ofHours(8)), null, null);
        assertThat(clusters.expiry(c, now)).isEqualTo(c.endsAt);
        c.ttlSeconds = Duration.ofHours(2).toSeconds();
        assertThat(clusters.expiry(c, now)).isEqualTo(now.plus(Duration.ofHours(2)));
        c.ttlSeconds = null;
        c.endsAt = now.plus(Duration.ofDays(2));
        assertThat(clusters.expiry(c, now)).isEqualTo(now.plus(Duration.ofHours(8)));
    }

    /** The one policy value the expiry reads. */
    private record FixedPolicy(Duration longest) implements ClusterPolicy {
        @Override
        public Quota quota() {
            return () -> 3;
        }

        @Override
        public Ttl ttl() {
            Duration max = longest;
            return new Ttl() {
                @Override
                public Duration defaultTtl() {
                    return Duration.ofHours(4);
                }

                @Override
                public Duration max() {
                    return max;
                }
            };
        }

        @Override
        public Reaper reaper() {
            throw new UnsupportedOperationException("not read by the expiry");
        }
    }
}
