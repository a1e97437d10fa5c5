package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that is starting or stopping refuses every request with a code clients retry elsewhere. */
class HandlerTableGateTest {
    private static final int ECHO = 7970; // reserved for Osprey, named by no request code

    private final HandlerTable handlers = new HandlerTable();
    private RemotingServer server;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() throws Exception {
        handlers.register(ECHO, (channel, request) -> CompletableFuture.completedFuture(
                RemotingCommand.success(request, Map.of("echo", "yes"), null)), Runnable::run);
        server = new RemotingServer(new ServerOptions("gate-test", "127.0.0.1", 0, 1 << 20, 60, 1, 64 << 20), handlers,
                ConnectionListener.NONE);
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new RemotingClient(ClientOptions.defaults("gate-test-client"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void refusedRequestsGetServiceNotAvailableWithTheReasonUntilOpened() throws Exception {
        handlers.refuseAll("broker b is starting");

        RemotingCommand refused = client.invoke(address, RemotingCommand.request(ECHO, null, null), 3_000)
                .get(5, TimeUnit.SECONDS);
        assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(refused.remark()).isEqualTo("broker b is starting");

        handlers.open();

        RemotingCommand served = client.invoke(address, RemotingCommand.request(ECHO, null, null), 3_000)
                .get(5, TimeUnit.SECONDS);
        assertThat(served.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(served.extFields()).containsEntry("echo", "yes");
    }

    @Test
    void serverCloseIsIdempotent() {
        server.close();
        server.close();
    }
}
