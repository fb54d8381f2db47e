package dev.hearth.backend.demo;

import dev.hearth.backend.cluster.ClusterView;
import dev.hearth.protocol.BuildLanguage;
import java.util.List;

/**
 * The commands that do each step by hand (docs/guided-demo.md: "participants learn the real workflow"), with
 * the participant's own names filled in: the kubeconfig file the cluster page downloads, their image
 * reference, their pod. The compile lines are the builder image's own (node-image/builder/hearth-build).
 *
 * @param portal the portal's public URL ({@code hearth.public-url}), where the API is
 * @param cluster their cluster, or null (the commands then say {@code <cluster>})
 * @param image the image of their last build, or the one the next build will get
 */
public record DemoCli(String portal, ClusterView cluster, BuildLanguage language, String image, String namespace, String pod) {

    public List<String> of(DemoStep step) {
        String kubectl = "kubectl --kubeconfig " + kubeconfig();
        String file = DemoContent.fileName(language);
        return switch (step) {
            case CLUSTER -> List.of(
                    "curl -H \"Authorization: Bearer $HEARTH_TOKEN\" -o " + kubeconfig() + " "
                            + "\"" + portal + "/api/v1/clusters/" + clusterId() + "/kubeconfig\"",
                    kubectl + " get nodes -o wide");
            case SOURCE -> List.of("$EDITOR " + file);
            case BUILD -> language == BuildLanguage.RUST
                    ? List.of("rustc --edition 2021 -O -C strip=symbols --target wasm32-wasi main.rs -o app.wasm")
                    : List.of("clang --target=wasm32-wasi --sysroot=/usr -O2 main.c -o app.wasm");
            case PUSH -> List.of(
                    "echo '{}' > config.json",
                    "oras push " + image + " --config config.json:application/vnd.wasm.config.v0+json app.wasm:application/wasm",
                    "oras manifest fetch " + image);
            case RUN -> List.of(kubectl + " apply -f hello-wasi.yaml");
            case WATCH -> List.of(
                    kubectl + " -n " + namespace + " get pod " + pod + " -w",
                    kubectl + " -n " + namespace + " logs -f " + pod);
            case WEB -> List.of(
                    kubectl + " apply -f hello-web.yaml",
                    "curl -H \"Authorization: Bearer $HEARTH_TOKEN\" \"" + portal + "/api/v1/clusters/" + clusterId()
                            + "/apps/" + DemoContent.NAMESPACE + "/" + DemoContent.WEB_APP + "/\"");
        };
    }

    private String clusterId() {
        return cluster == null ? "<cluster>" : cluster.id();
    }

    /** The name every kubeconfig download saves as. */
    private String kubeconfig() {
        return cluster == null ? "hearth-<cluster>.yaml" : cluster.kubeconfigFileName();
    }
}
