package dev.parley.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.it.support.ParleyServer;
import dev.parley.it.support.ParleyServer.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node told to relay events through the grid but given no cluster secret does not start: its
 * deployment fails with one log line naming the missing setting, and its port never answers, so
 * it can neither accept forged events nor send unsigned ones.
 */
class ClusterSecretIT {

    @Test
    void aClusteredNodeWithoutTheSecretRefusesToStartAndSaysWhichSettingIsMissing() throws Exception {
        int grid = ParleyServer.freePort();
        Node node = new Node(
                "cluster-no-secret",
                0,
                null,
                List.of("-Dhazelcast.socket.bind.any=false"),
                List.of(
                        "--clustermode",
                        "tcpip:127.0.0.1:" + grid,
                        "--interfaces",
                        "127.0.0.1",
                        "--startport",
                        String.valueOf(grid),
                        "--clustername",
                        "parley-it-no-secret-" + ProcessHandle.current().pid()),
                Map.of("PARLEY_EVENTS_TRANSPORT", "hazelcast"));

        assertThatThrownBy(() -> ParleyServer.boot(node))
                .as("the node must not come up")
                .hasMessageContaining("deployment failed");

        String log = Files.readString(Path.of("target", "cluster-no-secret", "server.log"));
        assertThat(log)
                .contains("Parley does not start: PARLEY_CLUSTER_SECRET (MicroProfile Config key"
                        + " parley.cluster-secret) is not set");
    }
}
