package io.osprey.mq.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A response the server cannot write closes the connection (the client's other requests on it then fail), so the
 * close must be logged with the peer and the reason: issue 6 found a client whose connection went away with
 * nothing in the broker's log.
 */
class FailedWriteTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RemotingChannel.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLog() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
        logger.setLevel(previousLevel);
    }

    @Test
    void closesTheConnectionWithAWarningNamingThePeerAndTheCauseWhenAResponseCannotBeWritten() {
        EmbeddedChannel channel = new EmbeddedChannel(new FailingWrites(new EncoderException("header too large")));
        RemotingChannel remoting = RemotingChannel.attach(channel, new AtomicInteger());

        remoting.write(response());
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(events(Level.WARN)).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .contains("closing connection " + remoting.remoteAddress())
                .contains("response SUCCESS")
                .contains("header too large"));
    }

    @Test
    void logsAtDebugOnlyWhenThePeerHadAlreadyClosedTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RemotingChannel remoting = RemotingChannel.attach(channel, new AtomicInteger());
        channel.close();

        remoting.write(response());
        channel.runPendingTasks();

        assertThat(events(Level.WARN)).isEmpty();
        assertThat(events(Level.DEBUG)).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .contains("not written, the connection had closed"));
    }

    private static RemotingCommand response() {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_MAX_OFFSET, Map.of("topic", "t"), null)
                .withOpaque(7);
        return RemotingCommand.success(request, Map.of("offset", "30"), null);
    }

    private List<ILoggingEvent> events(Level level) {
        return logged.list.stream().filter(event -> event.getLevel() == level).toList();
    }

    /** Fails every write as an encoder that throws would, without writing a byte. */
    private static final class FailingWrites extends ChannelOutboundHandlerAdapter {
        private final Exception cause;

        FailingWrites(Exception cause) {
            this.cause = cause;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            promise.setFailure(cause);
        }
    }
}
