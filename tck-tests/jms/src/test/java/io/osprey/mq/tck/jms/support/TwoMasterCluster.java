package io.osprey.mq.tck.jms.support;

import static org.awaitility.Awaitility.await;

import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.TopicRouteData;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster of two masters as an operator runs it: {@code osprey namesrv} and two {@code osprey broker} processes
 * ({@code broker-a}, {@code broker-b}, one cluster) in child JVMs, the launcher's main class on this JVM's test class
 * path, every port picked by the server and read back from its ready line, each process's data and output
 * ({@code <role>.log}) in a folder of its own. The suite asks the servers what they hold only as RocketMQ's admin tool
 * would (the NameServer's route, a master's queue offsets), never through the provider.
 */
public final class TwoMasterCluster implements AutoCloseable {
    private static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";
    private static final Pattern NAMESRV_READY = Pattern.compile("Osprey NameServer ready on (\\S+:\\d+)");
    private static final Pattern BROKER_READY = Pattern.compile("Osprey Broker \\S+ ready on (\\S+:\\d+)");
    public static final List<String> MASTERS = List.of("broker-a", "broker-b");

    private final Child nameServer;
    private final List<Child> masters;
    private final RemotingClient admin = new RemotingClient(ClientOptions.defaults("tck-admin"));

    private TwoMasterCluster(Child nameServer, List<Child> masters) {
        this.nameServer = nameServer;
        this.masters = masters;
    }

    /** Starts the NameServer, then both masters, and returns once each serves and has registered. */
    public static TwoMasterCluster start(Path dir) throws IOException {
        Child nameServer = Child.start(dir.resolve("namesrv"), "namesrv", NAMESRV_READY,
                List.of("listenAddress=127.0.0.1", "listenPort=0"));
        List<CompletableFuture<Child>> starting = new ArrayList<>();
        for (String name : MASTERS) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Child.start(dir.resolve(name), "broker", BROKER_READY, List.of("brokerName=" + name,
                            "namesrvAddr=" + nameServer.address, "listenAddress=127.0.0.1", "listenPort=0",
                            "brokerIP1=127.0.0.1", "storePathRootDir=" + dir.resolve(name).resolve("store"),
                            // small segments: a test writes little
                            "commitLogSegmentBytes=" + (16 << 20)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<Child> masters = new ArrayList<>();
        try {
            for (CompletableFuture<Child> master : starting) {
                masters.add(master.join());
            }
        } catch (RuntimeException e) {
            for (CompletableFuture<Child> master : starting) {
                master.thenAccept(Child::kill);
            }
            nameServer.kill();
            throw e;
        }
        return new TwoMasterCluster(nameServer, masters);
    }

    /** The Osprey URL of the cluster's NameServer. */
    public String url() {
        return "osprey://" + nameServer.address;
    }

    /** Waits until the NameServer routes {@code topic} to both masters. */
    public void awaitRouteOnBothMasters(String topic) {
        await("route of " + topic + " on both masters").atMost(Duration.ofSeconds(10)).until(() -> {
            RemotingCommand route = ask(nameServer.address, RequestCode.GET_ROUTEINFO_BY_TOPIC,
                    Map.of("topic", topic));
            return route.code() == ResponseCode.SUCCESS
                    && JsonBodies.decode(route.body(), TopicRouteData.class).queueDatas().size() == MASTERS.size();
        });
    }

    /** How many messages master {@code name} stored in {@code topic}, over its queues. */
    public long stored(String name, String topic) throws Exception {
        long total = 0;
        for (int queueId = 0; queueId < 8; queueId++) {
            RemotingCommand answer = ask(master(name).address, RequestCode.GET_MAX_OFFSET,
                    Map.of("topic", topic, "queueId", Integer.toString(queueId)));
            if (answer.code() != ResponseCode.SUCCESS) {
                throw new IllegalStateException(name + " answered GET_MAX_OFFSET with " + answer.code() + ": "
                        + answer.remark());
            }
            total += Long.parseLong(answer.extFields().get("offset"));
        }
        return total;
    }

    /** SIGKILL of master {@code name}, then waits until its process is gone. */
    public void kill(String name) {
        master(name).kill();
    }

    private Child master(String name) {
        return masters.get(MASTERS.indexOf(name));
    }

    private RemotingCommand ask(String address, int code, Map<String, String> fields) throws Exception {
        return admin.invoke(address, RemotingCommand.request(code, fields, null), 5_000).get(6, TimeUnit.SECONDS);
    }

    /** Stops the masters, then the NameServer (SIGTERM; SIGKILL after 15 s). */
    @Override
    public void close() {
        admin.close();
        for (Child master : masters) {
            master.close();
        }
        nameServer.close();
    }

    /** One server process and the address its ready line named. */
    private static final class Child {
        private final Process process;
        private final String address;

        private Child(Process process, String address) {
            this.process = process;
            this.address = address;
        }

        static Child start(Path dir, String role, Pattern ready, List<String> settings) throws IOException {
            Files.createDirectories(dir);
            Path log = dir.resolve(role + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", testClassPath(), MAIN, role));
            for (String setting : settings) {
                command.add("-D");
                command.add(setting);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                String address = await(role + " ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> readyAddress(process, log, ready), Optional::isPresent).orElseThrow();
                return new Child(process, address);
            } catch (RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
        }

        private static Optional<String> readyAddress(Process process, Path log, Pattern ready) throws IOException {
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (!process.isAlive()) {
                throw new IllegalStateException(log + ": the server exited with " + process.exitValue() + ":\n"
                        + output);
            }
            Matcher matcher = ready.matcher(output);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
