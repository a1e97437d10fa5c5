package io.osprey.mq.server.broker.dispatch;

import static io.osprey.mq.server.broker.dispatch.JmsWire.bodies;
import static io.osprey.mq.server.broker.dispatch.JmsWire.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.RequestCode;
import io.osprey.mq.protocol.command.ResponseCode;
import io.osprey.mq.protocol.dispatch.DeliveryBatch;
import io.osprey.mq.protocol.jms.JmsHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JMS_BROWSE: a queue's messages available now, in delivery order, page by page, judged in the dispatch read loop
 * and never consumed (Jakarta Messaging 3.1, 4.1.6).
 */
class QueueBrowseWireTest extends BrokerFixture {

    @Test
    void showsPriorityFirstThenArrivalAcrossQueuesWithoutConsuming() throws Exception {
        String queue = topic("q", 2);
        JmsWire c = connection("a");
        c.send(queue, 0, "p4-first", Map.of(JmsHeaders.JMS_PRIORITY, "4"));
        c.send(queue, 1, "p9", Map.of(JmsHeaders.JMS_PRIORITY, "9"));
        c.send(queue, 1, "p4-second", Map.of());
        c.send(queue, 0, "p7", Map.of(JmsHeaders.JMS_PRIORITY, "7"));
        c.send(queue, 0, "p4-third", Map.of(JmsHeaders.JMS_PRIORITY, "4"));

        List<Received> browsed = c.browseAll(queue, null, 2);

        assertThat(bodies(browsed)).containsExactly("p9", "p7", "p4-first", "p4-second", "p4-third");
        assertThat(browsed).extracting(Received::deliveryCount).containsOnly(1);
        assertThat(bodies(c.browseAll(queue, null, 100))).as("browsing again shows the same")
                .containsExactlyElementsOf(bodies(browsed));
        c.openQueue(1, queue);
        List<Received> consumed = c.fetchExactly(1, 5);
        assertThat(consumed).extracting(Received::deliveryCount).as("browsing delivered nothing").containsOnly(1);
    }

    @Test
    void pagesThroughALongQueueInOrder() throws Exception {
        String queue = topic("long", 4);
        JmsWire c = connection("a");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            String body = "m" + i;
            c.send(queue, i % 4, body);
            sent.add(body);
        }

        List<Received> browsed = c.browseAll(queue, null, 100);

        assertThat(bodies(browsed)).containsExactlyElementsOf(sent);
        RemotingCommand first = succeeded(c.browseRaw(queue, null, null, 100));
        assertThat(DeliveryBatch.decode(first.body())).as("one page, not the whole queue").hasSize(100);
    }

    @Test
    void leavesOutMessagesDeliveredAndUnacknowledgedAndShowsReturnedOnesWithTheirCount() throws Exception {
        String queue = topic("q", 1);
        JmsWire c = connection("a");
        for (String body : List.of("a", "b", "c")) {
            c.send(queue, 0, body);
        }
        c.openQueue(1, queue);
        List<Received> delivered = c.fetch(1, 2, 0);
        assertThat(bodies(delivered)).containsExactly("a", "b");

        assertThat(bodies(c.browseAll(queue, null, 10))).containsExactly("c");

        c.giveBack(delivered.subList(0, 1), true);
        c.ack(delivered.subList(1, 2));
        List<Received> browsed = c.browseAll(queue, null, 10);
        assertThat(bodies(browsed)).containsExactly("a", "c");
        assertThat(browsed).extracting(Received::deliveryCount).containsExactly(2, 1);
    }

    @Test
    void appliesTheSelectorExpiryAndDeliveryTimeAsDispatchDoes() throws Exception {
        String queue = topic("q", 1);
        JmsWire c = connection("a");
        long now = System.currentTimeMillis();
        c.send(queue, 0, "red", Map.of("color", "red"));
        c.send(queue, 0, "blue", Map.of("color", "blue"));
        c.send(queue, 0, "expired-red", Map.of("color", "red", JmsHeaders.JMS_EXPIRATION, Long.toString(now - 1)));
        c.send(queue, 0, "later-red", Map.of("color", "red", JmsHeaders.JMS_DELIVERY_TIME,
                Long.toString(now + 600_000)));

        assertThat(bodies(c.browseAll(queue, "color = 'red'", 10))).containsExactly("red");
        assertThat(bodies(c.browseAll(queue, null, 10))).containsExactly("red", "blue");
    }

    @Test
    void refusesBadSelectorsAndCursorsAndServesAfterwards() throws Exception {
        String queue = topic("q", 1);
        JmsWire c = connection("a");
        c.send(queue, 0, "x");

        RemotingCommand badSelector = c.browseRaw(queue, "color = ", null, 10);
        assertThat(badSelector.code()).isEqualTo(ResponseCode.INVALID_SELECTOR);
        RemotingCommand badCursor = c.invoke(RequestCode.JMS_BROWSE, Map.of("connectionId", c.connectionId(),
                "queue", queue, "maxMessages", "10", "cursor", "9:x"), null);
        assertThat(badCursor.code()).isNotEqualTo(ResponseCode.SUCCESS);
        assertThat(badCursor.remark()).contains("cursor");
        RemotingCommand unknownConnection = new JmsWire(broker.broker().address(), unique("nobody"))
                .browseRaw(queue, null, null, 10);
        assertThat(unknownConnection.code()).isEqualTo(ResponseCode.UNKNOWN_SESSION);

        assertThat(bodies(c.browseAll(queue, null, 10))).containsExactly("x");
    }

    @Test
    void aQueueNobodySentToIsEmpty() throws Exception {
        JmsWire c = connection("a");
        assertThat(c.browseAll(unique("never"), null, 10)).isEmpty();
    }
}
