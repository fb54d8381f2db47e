package dev.hearth.agent.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.registry.HostRegistry;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.BuildLanguage;
import dev.hearth.protocol.BuildRequest;
import dev.hearth.protocol.BuildResult;
import dev.hearth.protocol.BuildStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Request → SUCCEEDED (compile, push, read back) for the demo's hello-worlds with the default limits:
 * Rust cold (each source new to the cache), Rust cached, C cold. Named neither *Test nor *IT so the
 * suite does not run it: {@code mvn -pl worker-agent test -Dtest=BuildBench -Dbench.builds=5}.
 */
class BuildBench {

    private final List<AgentMessage> sent = new CopyOnWriteArrayList<>();

    @Test
    void measure() throws Exception {
        int builds = Integer.getInteger("bench.builds", 5);
        Path cache = Files.createTempDirectory("hearth-build-bench");
        try (TestHost host = new TestHost(Map.of("hearth.agent.images.builder", NodeImages.builder(),
                "hearth.agent.build.cache-dir", cache.toString()))) {
            var registry = new HostRegistry(host.docker(), host.settings());
            registry.ensureRunning();
            BuildRunner service = new BuildRunner(host.docker(), host.settings(), registry, sent::add, Clock.systemUTC());
            try {
                List<Long> rustCold = new ArrayList<>();
                List<Long> rustCached = new ArrayList<>();
                List<Long> cCold = new ArrayList<>();
                for (int i = 0; i < builds; i++) {
                    String source = BuildRunnerIT.HELLO_RUST + "// run " + UUID.randomUUID() + "\n";
                    rustCold.add(time(service, BuildLanguage.RUST, source, "bench/rust:" + i));
                    rustCached.add(time(service, BuildLanguage.RUST, source, "bench/rust:cached-" + i));
                    cCold.add(time(service, BuildLanguage.C, BuildRunnerIT.HELLO_C + "// run " + UUID.randomUUID() + "\n",
                            "bench/c:" + i));
                }
                System.out.printf("BUILD BENCH over %d builds each (ms, p50 / max): rust cold %s, rust cached %s, c cold %s%n",
                        builds, summary(rustCold), summary(rustCached), summary(cCold));
            } finally {
                service.stop();
            }
        }
    }

    private long time(BuildRunner service, BuildLanguage language, String source, String image) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        long start = System.nanoTime();
        service.submit(new BuildRequest(id, "bench", language, source, "hearth-registry:5000/" + image));
        while (true) {
            var end = sent.stream().filter(m -> m instanceof BuildResult r && r.buildId().equals(id)
                    && (r.status() == BuildStatus.SUCCEEDED || r.status() == BuildStatus.FAILED)).findFirst();
            if (end.isPresent()) {
                assertThat(((BuildResult) end.get()).status()).as(end.get().toString()).isEqualTo(BuildStatus.SUCCEEDED);
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(5);
        }
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2) + " / " + sorted.get(sorted.size() - 1);
    }
}
