package dev.hearth.agent.provision;

import com.github.dockerjava.api.DockerClient;
import dev.hearth.agent.plan.ProvisionStep;
import dev.hearth.agent.plan.VolumeSpec;

/** The cluster's named volumes (etcd data, the WASI node's cache) exist, labelled as this cluster's. */
final class CreateVolumes implements Step {

    private final DockerClient docker;

    CreateVolumes(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public ProvisionStep name() {
        return ProvisionStep.CREATE_VOLUMES;
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
