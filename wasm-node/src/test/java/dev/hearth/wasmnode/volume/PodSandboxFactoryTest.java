package dev.hearth.wasmnode.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.wasmnode.pod.PodSetupException;
import dev.hearth.wasmnode.pod.PodVolumes;
import dev.hearth.wasmnode.wasi.ConsoleCapture;
import dev.hearth.wasmnode.wasi.StdStream;
import dev.hearth.wasmnode.wasi.WasiOutcome;
import dev.hearth.wasmnode.wasi.WasiProgram;
import dev.hearth.wasmnode.wasi.WasiRunner;
import dev.hearth.wasmnode.wasi.WasiSandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class PodSandboxFactoryTest {

    private static final String NODE_IP = "172.18.0.3";

    /** The cluster's objects for these tests: what a namespace "demo" holds. */
    private static final ClusterObjects OBJECTS = new ClusterObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(namespace.equals("demo") && name.equals("demo-config")
                    ? new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                            .addToData("myval", "cool stuff").addToData("other", "2").addToData("bad key", "x")
                            .addToBinaryData("blob.bin", Base64.getEncoder().encodeToString(new byte[] {1, 2}))
                            .build()
                    : null);
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(namespace.equals("demo") && name.equals("demo-secret")
                    ? new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                            .addToData("password", base64("s3cret")).addToData("user", base64("alice")).build()
                    : null);
        }
    };

    /** Tokens as the API server would issue them, naming what they were asked for. */
    private static final TokenIssuer TOKENS = (pod, audience, seconds) -> new TokenIssuer.IssuedToken(
            "token-for-" + pod.getMetadata().getName() + "-" + audience + "-" + seconds, Instant.now().plusSeconds(seconds));

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @TempDir
    Path state;

    private PodSandboxFactory factory() {
        return new PodSandboxFactory(state.resolve("pods"), OBJECTS, new ServiceAccountTokens(TOKENS, Clock.systemUTC(), 0.8),
                NODE_IP, PodSandboxFactory.DEFAULT_MAX_MEMORY_BYTES, new VolumeLimits(1024 * 1024, 3 * 1024 * 1024));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Pod pod(Container container, Volume... volumes) {
        return new PodBuilder()
                .withNewMetadata().withName("hello-wasm").withNamespace("demo").withUid("uid-1")
                    .addToLabels("app", "hello").addToAnnotations("note", "a \"quoted\" one")
                .endMetadata()
                .withNewSpec().withNodeName("demo-wasi").withServiceAccountName("default").withContainers(container)
                    .withVolumes(volumes)
                .endSpec()
                .build();
    }

    /** A container from YAML, so each table row reads like the pod spec it stands for. */
    private static Container container(String yaml) {
        try {
            Container container = YAML.readValue(yaml.isBlank() ? "{}" : yaml, Container.class);
            return new ContainerBuilder(container).withName("app").withImage("hello").build();
        } catch (IOException e) {
            throw new IllegalArgumentException(yaml, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            literal value                 | env: [{name: FOO, value: bar}]                                                                     | FOO=bar
            $(VAR) expansion              | env: [{name: A, value: x}, {name: B, value: '$(A)-$(NOPE)-$$(A)'}]                              | A=x;B=x-$(NOPE)-$(A)
            configMapKeyRef               | env: [{name: CONFIG_MAP_VAL, valueFrom: {configMapKeyRef: {name: demo-config, key: myval}}}]        | CONFIG_MAP_VAL=cool stuff
            secretKeyRef                  | env: [{name: PASS, valueFrom: {secretKeyRef: {name: demo-secret, key: password}}}]                 | PASS=s3cret
            optional ref that is missing  | env: [{name: GONE, valueFrom: {configMapKeyRef: {name: nothing, key: k, optional: true}}}]        | -
            fieldRef metadata.name        | env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]                         | POD_NAME=hello-wasm
            fieldRef metadata.namespace   | env: [{name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}]                          | NS=demo
            fieldRef a label              | env: [{name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}]                  | APP=hello
            fieldRef an annotation        | env: [{name: NOTE, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['note']"}}}]           | NOTE=a "quoted" one
            fieldRef serviceAccountName   | env: [{name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}]                     | SA=default
            fieldRef status.podIP         | env: [{name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]                                | IP=172.18.0.3
            fieldRef status.hostIP        | env: [{name: HOST, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}]                             | HOST=172.18.0.3
            envFrom configMap with prefix | envFrom: [{prefix: CM_, configMapRef: {name: demo-config}}]                                        | CM_myval=cool stuff;CM_other=2
            envFrom secret                | envFrom: [{secretRef: {name: demo-secret}}]                                                         | password=s3cret;user=alice
            env overrides envFrom         | {envFrom: [{configMapRef: {name: demo-config}}], env: [{name: other, value: mine}]}                | myval=cool stuff;other=mine
            workingDir becomes PWD        | workingDir: /data                                                                                  | PWD=/data
            """)
    void theEnvironmentIsTheKubeletsOne(String what, String spec, String expected) {
        Container container = container(spec);

        WasiSandbox sandbox = factory().sandbox(pod(container), container, PodVolumes.NONE);

        Map<String, String> expectedEnv = new java.util.LinkedHashMap<>();
        if (!expected.equals("-")) {
            for (String pair : expected.split(";")) {
                expectedEnv.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        assertThat(sandbox.environment()).as(what).containsExactlyEntriesOf(expectedEnv);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a missing ConfigMap           | env: [{name: X, valueFrom: {configMapKeyRef: {name: nothing, key: k}}}]  | configmap "nothing" not found
            a missing key                 | env: [{name: X, valueFrom: {configMapKeyRef: {name: demo-config, key: k}}}] | couldn't find key k in ConfigMap demo/demo-config
            a missing Secret              | envFrom: [{secretRef: {name: nothing}}]                                    | secret "nothing" not found
            an unknown field              | env: [{name: X, valueFrom: {fieldRef: {fieldPath: spec.hostname}}}]         | the downward API has no field spec.hostname
            resourceFieldRef              | env: [{name: X, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}]     | only fieldRef, configMapKeyRef and secretKeyRef
            a relative workingDir         | workingDir: data                                                           | workingDir must be absolute
            """)
    void whatTheNodeCannotGiveFailsTheContainerWithTheReason(String what, String spec, String message) {
        Container container = container(spec);

        assertThatThrownBy(() -> factory().sandbox(pod(container), container, PodVolumes.NONE))
                .as(what)
                .isInstanceOf(PodSetupException.class)
                .hasMessageContaining(message);
    }

    @Test
    void volumesBecomeDirectoriesWithTheirFiles() throws IOException {
        Container container = container("");
        Pod pod = pod(container,
                volume("{name: cm, configMap: {name: demo-config}}"),
                volume("{name: picked, configMap: {name: demo-config, items: [{key: myval, path: dir/val.txt}]}}"),
                volume("{name: sec, secret: {secretName: demo-secret}}"),
                volume("{name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}},"
                        + " {path: name, fieldRef: {fieldPath: metadata.name}}]}}"),
                volume("{name: scratch, emptyDir: {}}"),
                volume("{name: kube-api-access-x, projected: {sources: [{serviceAccountToken: {path: token,"
                        + " audience: vault, expirationSeconds: 600}},"
                        + " {configMap: {name: demo-config, items: [{key: other, path: ca.crt}]}},"
                        + " {downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}}]}}"));

        Map<String, Path> dirs = factory().mount(pod).directories();

        assertThat(dirs.get("cm").resolve("myval")).hasContent("cool stuff");
        assertThat(Files.readAllBytes(dirs.get("cm").resolve("blob.bin"))).containsExactly(1, 2);
        assertThat(dirs.get("picked").resolve("dir/val.txt")).hasContent("cool stuff");
        assertThat(Files.exists(dirs.get("picked").resolve("other"))).isFalse();
        assertThat(dirs.get("sec").resolve("password")).hasContent("s3cret");
        assertThat(dirs.get("info").resolve("labels")).hasContent("app=\"hello\"");
        assertThat(dirs.get("info").resolve("name")).hasContent("hello-wasm");
        assertThat(dirs.get("kube-api-access-x").resolve("ca.crt")).hasContent("2");
        assertThat(dirs.get("kube-api-access-x").resolve("namespace")).hasContent("demo");
        assertThat(dirs.get("kube-api-access-x").resolve("token")).hasContent("token-for-hello-wasm-vault-600");
        assertThat(dirs.get("scratch")).startsWith(state.resolve("pods/uid-1"));
    }

    @Test
    void anEmptyDirKeepsItsFilesAcrossRestartsAndUnmountRemovesEverything() throws IOException {
        Pod pod = pod(container(""), volume("{name: scratch, emptyDir: {}}"));
        PodSandboxFactory factory = factory();
        Files.writeString(factory.mount(pod).directories().get("scratch").resolve("kept"), "yes");

        assertThat(factory.mount(pod).directories().get("scratch").resolve("kept")).hasContent("yes");
        factory.unmount(pod);
        assertThat(state.resolve("pods/uid-1")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a persistentVolumeClaim      | {name: data, persistentVolumeClaim: {claimName: pvc}}                  | only configMap, secret, emptyDir, downwardAPI
            a hostPath                   | {name: data, hostPath: {path: /var/lib/hearth/wasm-node/compiled}}    | hostPath /var/lib/hearth/wasm-node/compiled is refused
            a missing ConfigMap          | {name: data, configMap: {name: nothing}}                               | configmap "nothing" not found
            an item leaving its volume   | {name: data, configMap: {name: demo-config, items: [{key: myval, path: ../x}]}} | must be relative and stay inside
            """)
    void volumesTheNodeCannotMakeFailTheMount(String what, String volume, String message) {
        assertThatThrownBy(() -> factory().mount(pod(container(""), volume(volume))))
                .as(what)
                .isInstanceOf(PodSetupException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the compiled-module cache    | /var/lib/hearth/wasm-node/compiled
            the node's root              | /
            /proc                        | /proc
            /etc                         | /etc
            the bootstrap kubeconfig     | /etc/hearth
            """)
    void hostPathIsRefusedAtAdmissionWhateverItNames(String what, String path) {
        Pod pod = pod(container(""), volume("{name: data, emptyDir: {}}"), volume("{name: host, hostPath: {path: " + path + "}}"));

        assertThat(factory().unsupportedVolume(pod)).as(what).hasValueSatisfying(why -> assertThat(why)
                .startsWith("volume host: hostPath " + path + " is refused on a WASI node"));
    }

    @Test
    void supportedVolumesPassAdmission() {
        Pod pod = pod(container(""), volume("{name: data, emptyDir: {}}"), volume("{name: cm, configMap: {name: demo-config}}"));

        assertThat(factory().unsupportedVolume(pod)).isEmpty();
    }

    @Test
    void anEmptyDirTakesWritesUpToItsSizeLimitThenTheModuleGetsAnError() throws IOException {
        Container container = container("volumeMounts: [{name: scratch, mountPath: /scratch}]");
        Pod pod = pod(container, volume("{name: scratch, emptyDir: {sizeLimit: 64Ki}}"));
        PodSandboxFactory factory = factory();
        WasiSandbox sandbox = factory.sandbox(pod, container, factory.mount(pod));

        String filled = run(program("/wasm/hostile.wasm"), sandbox, List.of("fill", "/scratch/big", "1"));

        assertThat(filled).contains("fill /scratch/big: stopped after").contains("I/O error");
        long written = Files.size(state.resolve("pods/uid-1/volumes/scratch/big"));
        assertThat(written).isLessThanOrEqualTo(64 * 1024).isGreaterThan(32 * 1024);
    }

    @Test
    void emptyDirsWithoutSizeLimitGetTheNodesDefaultAndAllTogetherTheNodesTotal() throws IOException {
        Container container = container("volumeMounts: [{name: a, mountPath: /a}, {name: b, mountPath: /b},"
                + " {name: c, mountPath: /c}, {name: d, mountPath: /d}]");
        Pod pod = pod(container, volume("{name: a, emptyDir: {}}"), volume("{name: b, emptyDir: {}}"),
                volume("{name: c, emptyDir: {}}"), volume("{name: d, emptyDir: {sizeLimit: 8Mi}}"));
        PodSandboxFactory factory = factory();
        WasiSandbox sandbox = factory.sandbox(pod, container, factory.mount(pod));

        String out = run(program("/wasm/hostile.wasm"), sandbox, List.of("fill", "/a/f", "4", "/b/f", "4", "/c/f", "4",
                "/d/f", "4"));

        // 1 MiB each for a, b, c (the node's default here); d may take 8 MiB but the node's 3 MiB are gone.
        assertThat(out).contains("fill /a/f: stopped after").doesNotContain("wrote");
        assertThat(size("a")).as(out).isLessThanOrEqualTo(1024 * 1024).isGreaterThan(1000 * 1024);
        assertThat(size("a") + size("b") + size("c") + size("d")).as(out).isLessThanOrEqualTo(3 * 1024 * 1024);
        assertThat(size("d")).as(out).isLessThan(1024 * 1024);
    }

    private long size(String emptyDir) throws IOException {
        Path file = state.resolve("pods/uid-1/volumes/" + emptyDir + "/f");
        return Files.exists(file) ? Files.size(file) : 0;
    }

    @Test
    void deletingFilesGivesTheirBytesBackAndUnmountGivesBackTheWholeVolume() throws IOException {
        Container container = container("volumeMounts: [{name: scratch, mountPath: /scratch}]");
        Pod pod = pod(container, volume("{name: scratch, emptyDir: {sizeLimit: 3Mi}}"));
        PodSandboxFactory factory = factory();
        WasiSandbox sandbox = factory.sandbox(pod, container, factory.mount(pod));
        WasiProgram hostile = program("/wasm/hostile.wasm");

        for (int round = 0; round < 4; round++) {
            assertThat(run(hostile, sandbox, List.of("fill", "/scratch/f", "2"))).as("round " + round)
                    .contains("fill /scratch/f: wrote 2 MiB");
            assertThat(run(hostile, sandbox, List.of("rm", "/scratch/f"))).isEqualTo("removed /scratch/f\n");
        }
        factory.unmount(pod);
        Pod next = new PodBuilder(pod).editMetadata().withUid("uid-2").endMetadata().build();
        WasiSandbox second = factory.sandbox(next, container, factory.mount(next));
        assertThat(run(hostile, second, List.of("fill", "/scratch/f", "2"))).contains("fill /scratch/f: wrote 2 MiB");
    }

    @Test
    void krustletsHelloWorldSeesItsEnvAndConfigMapFileAndCannotWriteThere() throws IOException {
        Container container = container("""
                args: [cat, /mnt/config/myval]
                env:
                - {name: FOO, value: bar}
                - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                - {name: CONFIG_MAP_VAL, valueFrom: {configMapKeyRef: {name: demo-config, key: myval}}}
                volumeMounts:
                - {name: config, mountPath: /mnt/config}
                - {name: scratch, mountPath: /scratch}
                - {name: scratch, mountPath: /scratch-ro, readOnly: true}
                """);
        Pod pod = pod(container, volume("{name: config, configMap: {name: demo-config}}"), volume("{name: scratch, emptyDir: {}}"));
        PodSandboxFactory factory = factory();
        PodVolumes volumes = factory.mount(pod);
        WasiSandbox sandbox = factory.sandbox(pod, container, volumes);

        assertThat(sandbox.environment()).containsEntry("FOO", "bar").containsEntry("POD_NAME", "hello-wasm")
                .containsEntry("CONFIG_MAP_VAL", "cool stuff");
        assertThat(run(sandbox, List.of())).isEqualTo("cool stuff\n");
        assertThat(run(sandbox, List.of("write", "/mnt/config/myval", "hacked"))).doesNotContain("wrote");
        assertThat(run(sandbox, List.of("write", "/scratch-ro/file", "x"))).doesNotContain("wrote");
        assertThat(run(sandbox, List.of("write", "/scratch/file", "x"))).isEqualTo("wrote /scratch/file\n");
        assertThat(volumes.directories().get("config").resolve("myval")).hasContent("cool stuff");
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"8Mi, 70", "16Mi, 0", "'', 0"})
    void theMemoryLimitBoundsMemoryGrow(String limit, int exitCode) throws IOException {
        Container container = container(limit.isEmpty() ? "" : "resources: {limits: {memory: " + limit + "}}");
        WasiSandbox sandbox = factory().sandbox(pod(container), container, PodVolumes.NONE);

        WasiOutcome outcome = new WasiRunner().run(program("/wasm-modules/grow.wasm"), sandbox, line -> {});

        assertThat(sandbox.maxMemoryBytes()).contains(limit.isEmpty() ? PodSandboxFactory.DEFAULT_MAX_MEMORY_BYTES
                : Quantity.getAmountInBytes(new Quantity(limit)).longValue());
        assertThat(outcome).isEqualTo(new WasiOutcome.Exited(exitCode));
    }

    /** Runs the probe with the container's sandbox, but other args (the sandbox's are replaced when given). */
    private static String run(WasiSandbox sandbox, List<String> args) throws IOException {
        return run(program("/wasm/probe.wasm"), sandbox, args);
    }

    private static String run(WasiProgram program, WasiSandbox sandbox, List<String> args) {
        WasiSandbox.Builder builder = WasiSandbox.builder().arguments(args.isEmpty() ? sandbox.arguments() : args);
        sandbox.environment().forEach(builder::env);
        sandbox.preopens().forEach(preopen -> builder.preopen(preopen.guestPath(), preopen.hostPath()));
        ConsoleCapture console = new ConsoleCapture();
        assertThat(new WasiRunner().run(program, builder.build(), console)).isEqualTo(new WasiOutcome.Exited(0));
        return console.text(StdStream.STDOUT);
    }

    private static WasiProgram program(String resource) throws IOException {
        try (InputStream in = PodSandboxFactoryTest.class.getResourceAsStream(resource)) {
            return WasiProgram.parse(in.readAllBytes());
        }
    }

    private static Volume volume(String yaml) {
        try {
            return YAML.readValue(yaml, Volume.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(yaml, e);
        }
    }
}
