package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ClientConnection;
import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.message.MessageCodec;
import io.osprey.mq.jms.message.OspreyMessage;
import io.osprey.mq.protocol.dispatch.BrowseCursor;
import io.osprey.mq.protocol.message.MessageProperties;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.ArrayDeque;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A queue browser (Jakarta Messaging 3.1, 4.1.6): each {@link #getEnumeration()} walks the queue's messages available
 * at that moment, fetched from the brokers page by page ({@code JMS_BROWSE}, the connection's prefetch per page) as
 * the enumeration advances, so a long queue is never held at once. Each master holding the queue is read in turn, in
 * delivery order on each (priority, then arrival). Nothing is consumed or acknowledged; the messages shown are those a
 * consumer could receive now, without the ones delivered to a consumer and not yet acknowledged.
 *
 * <p>{@link Enumeration} cannot throw a checked exception: a failure while it fetches a page surfaces as the
 * {@link jakarta.jms.JMSRuntimeException} the spec pairs with the {@link JMSException}.
 */
final class OspreyQueueBrowser implements QueueBrowser {
    private final OspreySession session;
    private final ClientConnection client;
    private final Queue queue;
    private final String topic;
    private final String messageSelector;
    /** What the broker evaluates: null for none. */
    private final String selector;
    private volatile boolean closed;

    OspreyQueueBrowser(OspreySession session, Queue queue, String topic, String messageSelector, String selector) {
        this.session = session;
        this.client = session.connection().client();
        this.queue = queue;
        this.topic = topic;
        this.messageSelector = messageSelector;
        this.selector = selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return messageSelector;
    }

    /** A new walk over the queue as it is now; its first page is read here, so a failure shows at once. */
    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkOpen();
        Pages pages = new Pages(client.browseBrokers(topic));
        pages.fill();
        return pages;
    }

    @Override
    public void close() {
        closed = true;
        session.forget(this);
    }

    void closeWithSession() {
        closed = true;
    }

    private void checkOpen() throws JMSException {
        if (closed) {
            throw new IllegalStateException("the queue browser is closed");
        }
        session.checkOpen();
    }

    /** One walk: the brokers still to read, the current one's cursor, the page being handed out. */
    private final class Pages implements Enumeration<Message> {
        private final ArrayDeque<String> brokers;
        private final ArrayDeque<ReceivedMessage> page = new ArrayDeque<>();
        private BrowseCursor cursor;
        private boolean started;

        Pages(List<String> brokers) {
            this.brokers = new ArrayDeque<>(brokers);
        }

        /** Reads pages until one has a message or every broker is done. */
        void fill() throws JMSException {
            while (page.isEmpty() && !brokers.isEmpty()) {
                checkOpen();
                ClientConnection.BrowsePage next = client.browse(brokers.peekFirst(), topic, selector,
                        started ? cursor : null);
                started = true;
                page.addAll(next.messages());
                cursor = next.next();
                if (cursor == null) {
                    brokers.pollFirst();
                    started = false;
                }
            }
        }

        @Override
        public boolean hasMoreElements() {
            if (closed) {
                return false;
            }
            try {
                fill();
            } catch (JMSException e) {
                throw RuntimeExceptions.of(e);
            }
            return !page.isEmpty();
        }

        @Override
        public Message nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException("no more messages on " + queue);
            }
            try {
                return decode(page.pollFirst());
            } catch (JMSException e) {
                throw RuntimeExceptions.of(e);
            }
        }
    }

    /** A browsed message: read-only like a received one, with the count its next delivery would have. */
    private static OspreyMessage decode(ReceivedMessage received) throws JMSException {
        OspreyMessage message = MessageCodec.decode(WireMessages.body(received.record()),
                MessageProperties.decode(received.record().properties()));
        message.markDelivered(received.deliveryCount());
        return message;
    }
}
