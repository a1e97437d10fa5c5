package io.osprey.mq.server.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every event logged while it is open, on any logger, with the text an appender would write for it. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    public List<ILoggingEvent> at(Level level) {
        return events().stream().filter(event -> event.getLevel() == level).toList();
    }

    /** Each event's formatted message, followed by the message of every throwable in its chain. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : events()) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
