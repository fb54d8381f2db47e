package dev.hearth.wasmnode.wasi;

import static dev.hearth.wasmnode.wasi.StdStream.STDERR;
import static dev.hearth.wasmnode.wasi.StdStream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the real probe module (probe.c, compiled with clang for wasm32-wasi) on Chicory. */
@Timeout(60)
class WasiRunnerTest {

    private static WasiProgram probe;
    private final WasiRunner runner = new WasiRunner();
    private final ConsoleCapture console = new ConsoleCapture();

    @BeforeAll
    static void parseOnce() {
        probe = TestModules.probe();
    }

    private WasiOutcome run(WasiSandbox.Builder sandbox) {
        return runner.run(probe, sandbox.build(), console);
    }

    @Test
    void helloWritesToStdoutAndStderrAndExitsZero() {
        WasiOutcome outcome = run(WasiSandbox.builder());

        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(0));
        assertThat(console.text(STDOUT)).isEqualTo("Hello, world!\n");
        assertThat(console.text(STDERR)).isEqualTo("Hello, stderr!\n");
    }

    @Test
    void argvIsExactlyTheGivenArgumentsWithNoProgramNameAdded() {
        run(WasiSandbox.builder().argument("args").argument("one").argument("two words").argument(""));

        assertThat(console.text(STDOUT))
                .isEqualTo("argc=4\nargv[0]=args\nargv[1]=one\nargv[2]=two words\nargv[3]=\n");
    }

    @Test
    void theModuleSeesExactlyTheGrantedEnvironment() {
        run(WasiSandbox.builder().argument("env").env("FOO", "bar").env("POD_NAME", "hello-7d9")
                .env("EMPTY", "").env("FOO", "baz"));

        assertThat(console.text(STDOUT)).isEqualTo("FOO=baz\nPOD_NAME=hello-7d9\nEMPTY=\n");
    }

    @Test
    void nothingOfTheHostEnvironmentLeaksIn() {
        assertThat(System.getenv()).as("the host has an environment to leak").isNotEmpty();

        run(WasiSandbox.builder().argument("env"));

        assertThat(console.lines()).isEmpty();
    }

    @Test
    void procExitStatusBecomesTheExitCode() {
        WasiOutcome outcome = run(WasiSandbox.builder().argument("exit").argument("3"));

        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(3));
        assertThat(console.text(STDOUT)).isEqualTo("exiting with 3\n");
    }

    @Test
    void anExplicitExitZeroEndsTheRunCleanly() {
        assertThat(run(WasiSandbox.builder().argument("exit").argument("0")))
                .isEqualTo(new WasiOutcome.Exited(0));
    }

    @Test
    void anUnknownCommandExitsTwoWithItsComplaintOnStderr() {
        WasiOutcome outcome = run(WasiSandbox.builder().argument("dance"));

        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(2));
        assertThat(console.lines()).containsExactly(new ConsoleLine(STDERR, "probe: unknown command dance"));
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        run(WasiSandbox.builder().argument("interleave"));

        assertThat(console.lines()).containsExactly(
                new ConsoleLine(STDOUT, "out 0"), new ConsoleLine(STDERR, "err 0"),
                new ConsoleLine(STDOUT, "out 1"), new ConsoleLine(STDERR, "err 1"),
                new ConsoleLine(STDOUT, "out 2"), new ConsoleLine(STDERR, "err 2"));
    }

    @Test
    void theModuleReadsTheSandboxClock() {
        Clock fixed = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

        run(WasiSandbox.builder().argument("time").clock(fixed));

        assertThat(console.text(STDOUT)).isEqualTo("1704164645\n");
    }

    @Test
    void aTrapEndsTheRunAsTrapped() {
        WasiOutcome outcome = run(WasiSandbox.builder().argument("trap"));

        assertThat(outcome).isInstanceOf(WasiOutcome.Trapped.class);
        assertThat(((WasiOutcome.Trapped) outcome).reason()).contains("unreachable");
    }

    @Test
    void aProgramRunsAgainWithFreshState() {
        run(WasiSandbox.builder().argument("exit").argument("3"));
        WasiOutcome second = run(WasiSandbox.builder());

        assertThat(second).isEqualTo(new WasiOutcome.Exited(0));
        assertThat(console.text(STDOUT)).isEqualTo("exiting with 3\nHello, world!\n");
    }

    @Test
    void interruptingTheThreadStopsAModuleThatNeverEnds() throws Exception {
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicReference<WasiOutcome> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> outcome.set(runner.run(probe, WasiSandbox.builder().argument("spin").build(),
                line -> spinning.countDown())));
        thread.start();
        assertThat(spinning.await(30, TimeUnit.SECONDS)).as("module started spinning").isTrue();

        thread.interrupt();
        thread.join(Duration.ofSeconds(10));

        assertThat(thread.isAlive()).as("runner thread still busy after interrupt").isFalse();
        assertThat(outcome.get()).isEqualTo(new WasiOutcome.Interrupted());
    }
}
