package io.osprey.mq.server.broker.retry;

import io.osprey.mq.protocol.message.MessageConst;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.server.broker.send.MessageRouting;
import io.osprey.mq.server.store.MessageToStore;
import java.util.Map;

/**
 * The message a parked {@code SCHEDULE_TOPIC_XXXX} record becomes when due: the same message in its
 * {@code REAL_TOPIC}/{@code REAL_QID}, without the delay bookkeeping (DELAY, REAL_TOPIC, REAL_QID) so it is not
 * delayed again, and indexed by its tag again instead of its due time.
 */
final class DelayedCopy {
    /** Why a parked record cannot be delivered. */
    static final class UndeliverableException extends Exception {
        UndeliverableException(String message) {
            super(message);
        }
    }

    private DelayedCopy() {
    }

    /** @throws UndeliverableException when the record lacks a valid REAL_TOPIC / REAL_QID */
    static MessageToStore of(MessageRecord parked) throws UndeliverableException {
        Map<String, String> properties = parked.propertiesMap();
        String realTopic = properties.remove(MessageConst.REAL_TOPIC);
        String realQueueId = properties.remove(MessageConst.REAL_QUEUE_ID);
        properties.remove(MessageConst.DELAY_TIME_LEVEL);
        if (realTopic == null) {
            throw new UndeliverableException("no " + MessageConst.REAL_TOPIC + " property");
        }
        int queueId;
        try {
            queueId = Integer.parseInt(realQueueId);
        } catch (NumberFormatException e) {
            throw new UndeliverableException("bad " + MessageConst.REAL_QUEUE_ID + " property: " + realQueueId);
        }
        if (queueId < 0) {
            throw new UndeliverableException("negative " + MessageConst.REAL_QUEUE_ID + ": " + queueId);
        }
        return new MessageToStore(realTopic, queueId, parked.flag(), parked.body(),
                MessageProperties.encode(properties), MessageRouting.tagsCode(properties.get(MessageConst.TAGS)),
                parked.sysFlag(), parked.bornTimestamp(), parked.bornHost(), parked.reconsumeTimes(), 0L);
    }
}
