package dev.hearth.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TunnelFlowControlTest {

    @Test
    void aSenderNeverHasMoreThanTheWindowUnacknowledged() {
        TunnelCredit credit = new TunnelCredit(10);

        assertThat(credit.tryTake(6)).isTrue();
        assertThat(credit.tryTake(5)).isFalse();
        assertThat(credit.tryTake(4)).isTrue();
        assertThat(credit.inFlight()).isEqualTo(10);

        credit.acked(6);
        assertThat(credit.tryTake(5)).isTrue();
    }

    @Test
    void aBlockedSenderGoesOnWhenTheReceiverAcknowledges() throws Exception {
        TunnelCredit credit = new TunnelCredit(8);
        credit.tryTake(8);
        CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return credit.take(4, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        credit.acked(4);

        assertThat(taken.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(credit.inFlight()).isEqualTo(8);
    }

    @Test
    void closingReleasesAWaitingSenderWithNothingTaken() throws Exception {
        TunnelCredit credit = new TunnelCredit(1);
        credit.tryTake(1);
        CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return credit.take(1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        credit.close();

        assertThat(taken.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aFullWindowIsAlwaysAcknowledgedSoASenderCannotStall() {
        TunnelReceipts receipts = new TunnelReceipts(64);
        TunnelCredit credit = new TunnelCredit(64);
        long acked = 0;
        // A sender filling its window in odd-sized frames: the receiver's acks keep it going.
        for (int frame = 0; frame < 1000; frame++) {
            int size = 1 + frame % 7;
            assertThat(credit.tryTake(size)).as("frame %d", frame).isTrue();
            long ack = receipts.consumed(size);
            credit.acked(ack);
            acked += ack;
        }
        assertThat(acked).isGreaterThan(0);
        assertThat(credit.inFlight()).isLessThan(16);
    }
}
