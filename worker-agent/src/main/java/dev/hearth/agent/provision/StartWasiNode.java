package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.hearth.agent.docker.ContainerFactory;
import dev.hearth.agent.plan.ContainerSpec;
import dev.hearth.agent.plan.Role;
import java.io.ByteArrayInputStream;

/**
 * The cluster's WASI node container runs on the cluster network, created from the plan (labels,
 * limits, environment, its state volume) and given, before its first start, the bootstrap kubeconfig
 * it joins the cluster with; a container that exists already is just started again.
 */
final class StartWasiNode implements Step {

    private final DockerClient docker;

    StartWasiNode(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String title() {
        return "Starting WASI node";
    }

    @Override
    public String action() {
        return "start the WASI node";
    }

    /** The uid the image runs as ({@code USER 10250:10250} → 10250; none or a name → 0, root's). */
    private int imageUid(String image) {
        String user = docker.inspectImageCmd(image).exec().getConfig().getUser();
        String uid = user == null ? "" : user.split(":", 2)[0];
        return uid.matches("\\d{1,9}") ? Integer.parseInt(uid) : 0;
    }

    @Override
    public void run(ProvisionContext context) {
        ContainerSpec spec = context.plan().container(Role.WASI_NODE).orElseThrow();
        // The token's Secret is made once the API server answers; the node retries its join until then.
        String token = BootstrapToken.derivedFrom(context.credentials()).value();
        byte[] bootstrap = WasiNodeBootstrap.kubeconfig(context.plan().apiServer().inClusterUrl(),
                context.credentials().caPem(), token);
        try {
            // No restart policy, as the control plane: a stopped node is the reconciler's to notice.
            ContainerFactory.create(docker, spec, RestartPolicy.noRestart());
        } catch (ConflictException e) {
            // Made by an earlier run; it holds the same token, derived again from the same credentials.
        }
        // Copied on every run: a container made by a run that died before the copy must not start without it.
        docker.copyArchiveToContainerCmd(spec.name()).withRemotePath(WasiNodeBootstrap.DIRECTORY)
                .withTarInputStream(new ByteArrayInputStream(WasiNodeBootstrap.archive(bootstrap, imageUid(spec.image()))))
                .exec();
        try {
            docker.startContainerCmd(spec.name()).exec();
        } catch (NotModifiedException e) {
            // Already running.
        }
    }
}
