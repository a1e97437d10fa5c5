package io.osprey.mq.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** What the JMS API tests share: unique destination names and connections to a test's server. */
final class JmsTestSupport {
    private JmsTestSupport() {
    }

    /** A destination or subscription name no other test uses. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static OspreyConnectionFactory factory(EmbeddedServer server) {
        return new OspreyConnectionFactory(server.url());
    }

    static OspreyConnectionFactory factory(EmbeddedServer server, String clientId) {
        return new OspreyConnectionFactory(server.url() + "?clientId=" + clientId);
    }

    static Connection started(EmbeddedServer server) throws JMSException {
        Connection connection = factory(server).createConnection();
        connection.start();
        return connection;
    }

    /** A call running in a thread of its own, to see it block and then return. */
    record Call<T>(Thread thread, CompletableFuture<T> result) {
        /** Waits until the call's thread waits (parks or sleeps in a timed wait): it is blocked in the call. */
        Call<T> awaitBlocked() {
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
                Thread.State state = thread.getState();
                return result.isDone() || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
            });
            return this;
        }

        T get() throws Exception {
            return result.get(10, TimeUnit.SECONDS);
        }
    }

    static <T> Call<T> inThread(String name, Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return new Call<>(thread, result);
    }
}
