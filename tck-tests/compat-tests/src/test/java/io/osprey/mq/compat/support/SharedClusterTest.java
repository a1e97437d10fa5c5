package io.osprey.mq.compat.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One in-JVM NameServer and Broker per test class, fresh stock clients per test: the tests of a class use unique
 * topic and group names, so they share the servers and only the clients' start-up is paid per test.
 */
public abstract class SharedClusterTest {
    @TempDir
    protected static Path storeDir;
    protected static OspreyCluster cluster;

    protected Clients clients;

    @BeforeAll
    static void startServers() throws Exception {
        cluster = OspreyCluster.builder(storeDir).start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @BeforeEach
    void openClients() {
        clients = new Clients(cluster.namesrvAddr());
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
