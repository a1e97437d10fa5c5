import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.header.SendMessageRequestHeader;
import io.osprey.mq.protocol.message.MessageId;
import io.osprey.mq.protocol.transport.ClientOptions;
import io.osprey.mq.protocol.transport.RemotingClient;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fills a broker's CommitLog up to a physical offset as fast as the broker takes it: raw SEND_MESSAGE requests,
 * {@code inFlight} of them outstanding on one connection, round robin over the topic's queues. Prints the
 * highest physical offset acknowledged and the message count, then exits; the caller SIGKILLs the broker.
 *
 * <p>Run with the distribution's jars (no build): {@code java -cp 'osprey-<v>/lib/*' FillCommitLog.java
 * <broker host:port> <target bytes> <body bytes> [in flight]}. Used by {@code time-to-ready.sh recovery}.
 */
public final class FillCommitLog {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FillCommitLog <broker host:port> <target bytes> <body bytes> [in flight]");
            System.exit(2);
        }
        String broker = args[0];
        long targetBytes = Long.parseLong(args[1]);
        int bodyBytes = Integer.parseInt(args[2]);
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        Semaphore window = new Semaphore(inFlight);
        AtomicLong highestOffset = new AtomicLong(-1);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (RemotingClient client = new RemotingClient(ClientOptions.defaults("fill-commitlog"))) {
            for (long n = 0; highestOffset.get() < targetBytes && failure.get() == null; n++) {
                window.acquire();
                SendMessageRequestHeader header = new SendMessageRequestHeader("fill-commitlog", "FillCommitLog",
                        "TBW102", 4, (int) (n % 4), 0, System.currentTimeMillis(), 0, "", 0, false, null, false);
                client.invoke(broker, RemotingCommand.request(RequestCode.SEND_MESSAGE, header.toExtFields(), body),
                        30_000).whenComplete((response, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error.toString());
                            } else if (response.code() != ResponseCode.SUCCESS) {
                                failure.compareAndSet(null, ResponseCode.name(response.code()) + " " + response.remark());
                            } else {
                                long offset = MessageId.parse(response.extFields().get("msgId")).physicalOffset();
                                highestOffset.accumulateAndGet(offset, Math::max);
                                acknowledged.incrementAndGet();
                            }
                            window.release();
                        });
            }
            if (!window.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                failure.compareAndSet(null, "sends still unanswered after 60 s");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failure.get() != null) {
            System.err.println("FillCommitLog: a send failed: " + failure.get());
            System.exit(1);
        }
        System.out.printf("FILLED messages=%d highest_offset=%d seconds=%.1f mb_s=%.1f%n", acknowledged.get(),
                highestOffset.get(), seconds, highestOffset.get() / seconds / (1 << 20));
    }
}
