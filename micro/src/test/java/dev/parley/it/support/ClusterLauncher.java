package dev.parley.it.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -Pcluster package -DskipTests [-Dparley.nodes=2]}: N Payara Micro nodes of Parley on
 * this machine, on loopback, as one Hazelcast cluster, sharing one PostgreSQL — the one
 * {@code PARLEY_DB_URL} (with {@code PARLEY_DB_USER}, {@code PARLEY_DB_PASSWORD}) names, or an
 * embedded one started here. HTTP ports 8081, 8082, …; grid ports 6901, 6902, …. Ctrl-C stops all.
 */
public final class ClusterLauncher {

    private ClusterLauncher() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String database = null;
        Map<String, String> environment = new HashMap<>(Map.of("PARLEY_EVENTS_TRANSPORT", "hazelcast"));
        if (System.getenv("PARLEY_DB_URL") != null) {
            environment.put("PARLEY_DB_DATASOURCE", "org.postgresql.ds.PGSimpleDataSource");
        } else {
            database = TestDatabase.create("parley_cluster");
            System.out.println("Embedded PostgreSQL: " + TestDatabase.jdbcUrl(database) + " (user postgres)");
        }
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add("127.0.0.1:" + (6900 + i));
        }
        List<Parley> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Parley::stop)));
        for (int i = 1; i <= nodes; i++) {
            Parley node = ParleyServer.boot(new ParleyServer.Node("cluster-node-" + i, 8080 + i, database,
                    List.of("-Dhazelcast.socket.bind.any=false"),
                    List.of("--clustermode", "tcpip:" + String.join(",", members), "--interfaces", "127.0.0.1",
                            "--startport", String.valueOf(6900 + i), "--clustername", "parley"),
                    environment));
            running.add(node);
            System.out.println("Node " + i + " ready: " + node.uri("chat/demo") + "  (health: " + node.uri("health/ready")
                    + ", log: " + node.log().toAbsolutePath() + ")");
        }
        System.out.println("Parley cluster of " + nodes + " nodes is up; website token " + ParleyServer.WEBSITE_TOKEN
                + ", admin user " + ParleyServer.ADMIN_USER + " / " + ParleyServer.ADMIN_PASSWORD + ". Ctrl-C stops it.");
        new CountDownLatch(1).await();
    }
}
