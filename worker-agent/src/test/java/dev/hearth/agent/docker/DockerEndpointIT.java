package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Docker engine of this machine, and against addresses where none answers. */
@Timeout(60)
class DockerEndpointIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theRealEngineAnswersWithItsVersion() throws Exception {
        try (DockerEndpoint docker = new DockerEndpoint("unix:///var/run/docker.sock", TIMEOUT)) {
            DockerProbe probe = docker.probe();

            assertThat(probe).isInstanceOf(DockerProbe.Reachable.class);
            assertThat(((DockerProbe.Reachable) probe).version()).isEqualTo(engineVersionFromTheCli());
        }
    }

    @Test
    void aMissingSocketIsReportedWithItsAddress(@TempDir Path tmp) {
        String address = "unix://" + tmp.resolve("no-docker.sock");
        try (DockerEndpoint docker = new DockerEndpoint(address, TIMEOUT)) {
            DockerProbe probe = docker.probe();

            assertThat(probe).isInstanceOf(DockerProbe.Unreachable.class);
            assertThat(((DockerProbe.Unreachable) probe).message())
                    .startsWith("Docker engine not reachable at " + address + ": ");
        }
    }

    @Test
    void aRefusedTcpPortIsReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String address = "tcp://127.0.0.1:" + closedPort;
        try (DockerEndpoint docker = new DockerEndpoint(address, TIMEOUT)) {
            DockerProbe probe = docker.probe();

            assertThat(probe).isInstanceOf(DockerProbe.Unreachable.class);
            assertThat(((DockerProbe.Unreachable) probe).message())
                    .startsWith("Docker engine not reachable at " + address + ": ")
                    .containsIgnoringCase("refused");
        }
    }

    @Test
    void anEngineThatNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
        // Accepts connections (the kernel completes them from the backlog) but never replies.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                DockerEndpoint docker = new DockerEndpoint("tcp://127.0.0.1:" + silent.getLocalPort(), TIMEOUT)) {
            long start = System.nanoTime();
            DockerProbe probe = docker.probe();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(probe).isInstanceOf(DockerProbe.Unreachable.class);
            assertThat(((DockerProbe.Unreachable) probe).message()).endsWith(": no answer within 2.0 s");
            assertThat(took).isLessThan(TIMEOUT.multipliedBy(3));
        }
    }

    private static String engineVersionFromTheCli() throws Exception {
        Process docker = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                .redirectErrorStream(true)
                .start();
        assertThat(docker.waitFor(30, TimeUnit.SECONDS)).as("docker version finished").isTrue();
        String out = new String(docker.getInputStream().readAllBytes()).trim();
        assertThat(docker.exitValue()).as("docker version: " + out).isZero();
        return out;
    }
}
