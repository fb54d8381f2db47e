package dev.hearth.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class ControlPlaneArchiveTest {

    @Test
    void filesGoIntoTheKubernetesVolumeWithDirectoriesFirstKeysPrivateToTheControlPlanesUserAndTheMarkerLast() throws Exception {
        byte[] tar = ControlPlaneArchive.tar(Map.of(
                "admin.conf", "a".getBytes(), "pki/ca.key", "k".getBytes(), "scheduler.conf", "s".getBytes()));

        List<String> names = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                assertThat(entry.getLongUserId()).as(entry.getName()).isEqualTo(65532);
                if (entry.isFile()) {
                    assertThat(entry.getMode() & 0777).as(entry.getName()).isEqualTo(0600);
                }
            }
        }
        // A run killed mid-copy leaves no admin.conf, so the next run knows the container is unfinished.
        assertThat(names).containsExactly("pki/", "pki/ca.key", "scheduler.conf", "admin.conf");
    }
}
