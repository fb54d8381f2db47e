package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.cluster.ClusterUris;
import org.junit.jupiter.api.Test;

class HomePagesTest {

    @Test
    void aSignedInVisitorLandsOnTheClustersPageWhereverItsPathIsDeclared() {
        // The portal names the path as text so it imports no feature; this keeps it the real one.
        assertThat(HomePages.SIGNED_IN_HOME).isEqualTo(ClusterUris.clustersUri());
    }
}
