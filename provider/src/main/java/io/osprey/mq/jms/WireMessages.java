package io.osprey.mq.jms;

import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.jms.message.EncodedMessage;
import io.osprey.mq.jms.message.MessageCodec;
import io.osprey.mq.jms.message.OspreyMessage;
import io.osprey.mq.jms.message.WireOrigin;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageSysFlag;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Where the session meets the message classes: what a send stores and what a delivery hands out. */
final class WireMessages {
    private WireMessages() {
    }

    /** A message of this provider or another as body and RocketMQ properties, after the send set its headers. */
    static EncodedMessage encode(Message message) throws JMSException {
        return MessageCodec.encode(message);
    }

    /**
     * The read-only JMS message of a delivery: JMSRedelivered and JMSXDeliveryCount from the broker's delivery count
     * (3.4.7, 3.5.11), and {@code acknowledge()} going to the receiving session. A message from a RocketMQ producer
     * gets JMSDestination from {@code consumedFrom} and JMSTimestamp from its born timestamp.
     *
     * @param consumedFrom the consuming destination, whose name is the record's topic
     */
    static OspreyMessage decode(ReceivedMessage received, OspreySession session, OspreyDestination consumedFrom)
            throws JMSException {
        Map<String, String> properties = MessageProperties.decode(received.record().properties());
        WireOrigin origin = new WireOrigin(consumedFrom, received.record().bornTimestamp());
        byte[] body = null;
        String bodyProblem = null;
        try {
            body = body(received.record());
        } catch (MessageFormatException unreadable) {
            bodyProblem = unreadable.getMessage();
        }
        OspreyMessage message = bodyProblem == null ? MessageCodec.decode(body, properties, origin)
                // delivered all the same, so that it does not come back forever: only reading its body fails
                : MessageCodec.decodeWithUnreadableBody(properties, origin, bodyProblem);
        message.markDelivered(received.deliveryCount());
        message.setAcknowledger(acknowledged -> session.acknowledge());
        return message;
    }

    /**
     * The body as the producer wrote it. The stock RocketMQ producer compresses bodies over 4 KiB with ZLIB and says
     * so in the sysFlag (reference 5.4); Osprey's producer never compresses.
     */
    static byte[] body(MessageRecord record) throws JMSException {
        if ((record.sysFlag() & MessageSysFlag.COMPRESSED_FLAG) == 0) {
            return record.body();
        }
        int type = record.sysFlag() & MessageSysFlag.COMPRESSION_TYPE_MASK;
        if (type != 0 && type != MessageSysFlag.COMPRESSION_ZLIB) {
            throw new MessageFormatException("message body compressed with " + (type == MessageSysFlag.COMPRESSION_LZ4
                    ? "LZ4" : type == MessageSysFlag.COMPRESSION_ZSTD ? "ZSTD" : "compression type " + (type >> 8))
                    + ", which this provider cannot read (only ZLIB)");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(record.body());
            ByteArrayOutputStream out = new ByteArrayOutputStream(record.body().length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new MessageFormatException("a ZLIB-compressed message body ends early");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            MessageFormatException bad = new MessageFormatException("a ZLIB-compressed message body is corrupt: "
                    + e.getMessage());
            bad.initCause(e);
            throw bad;
        } finally {
            inflater.end();
        }
    }
}
