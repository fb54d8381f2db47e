package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.plan.VolumeSpec;

/** The cluster's named volumes (etcd data, the WASI node's cache) exist, labelled as this cluster's. */
public final class CreateVolumes implements Step {

    private final DockerClient docker;

    CreateVolumes(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public String title() {
        return "Creating volumes";
    }

    @Override
    public String action() {
        return "create volumes";
    }

    @Override
    public void run(ProvisionContext context) {
        for (VolumeSpec volume : context.plan().volumes()) {
            // Creating a volume that exists returns it unchanged (Docker's own idempotence); its labels
            // then say whether it is really this cluster's.
            var created = docker.createVolumeCmd().withName(volume.name()).withLabels(volume.labels()).exec();
            Ownership.require("volume", volume.name(), created.getLabels(), volume.labels());
        }
    }
}
