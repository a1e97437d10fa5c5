package io.osprey.mq.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.mq.jms.client.ReceivedMessage;
import io.osprey.mq.jms.destination.OspreyQueue;
import io.osprey.mq.protocol.dispatch.DeliveryTag;
import io.osprey.mq.protocol.message.MessageProperties;
import io.osprey.mq.protocol.message.MessageRecord;
import io.osprey.mq.protocol.message.MessageSysFlag;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * What a delivery's stored record becomes: the stock RocketMQ producer's compressed bodies (reference 5.4), and a
 * body the provider cannot decompress delivered with only its body unreadable, never failing the delivery.
 */
class WireMessagesTest {
    private final OspreyQueue queue = queue();

    @Test
    void aZlibCompressedTextIsDeliveredDecompressed() throws JMSException {
        byte[] text = "a long order line ".repeat(500).getBytes(StandardCharsets.UTF_8);

        TextMessage m = (TextMessage) decode(zlib(text), MessageSysFlag.COMPRESSED_FLAG
                | MessageSysFlag.COMPRESSION_ZLIB, Map.of("OSPREY_BODY", "text"));

        assertThat(m.getText()).isEqualTo(new String(text, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyCompressedWithAnAlgorithmThisProviderLacksFailsOnlyWhenRead() throws JMSException {
        BytesMessage m = (BytesMessage) decode(new byte[] {1, 2, 3}, MessageSysFlag.COMPRESSED_FLAG
                | MessageSysFlag.COMPRESSION_LZ4, Map.of("OSPREY_BODY", "text", "color", "red", "UNIQ_KEY", "AB"));

        assertThat(m.getStringProperty("color")).isEqualTo("red");
        assertThat(m.getJMSMessageID()).isEqualTo("ID:AB");
        assertThat(m.getJMSDestination()).isEqualTo(queue);
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("compressed with LZ4");
        assertThatThrownBy(m::readByte).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.getBody(byte[].class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void aCorruptZlibBodyFailsOnlyWhenRead() throws JMSException {
        byte[] corrupt = zlib("x".repeat(100).getBytes(StandardCharsets.UTF_8));
        corrupt = Arrays.copyOf(corrupt, corrupt.length / 2);

        BytesMessage m = (BytesMessage) decode(corrupt, MessageSysFlag.COMPRESSED_FLAG
                | MessageSysFlag.COMPRESSION_ZLIB, Map.of("k", "v"));

        assertThat(m.getStringProperty("k")).isEqualTo("v");
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("ZLIB");
    }

    private jakarta.jms.Message decode(byte[] body, int sysFlag, Map<String, String> properties)
            throws JMSException {
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        MessageRecord record = new MessageRecord(0, 0, 0, 0, sysFlag, 1_700_000_000_000L, host,
                1_700_000_000_001L, host, 0, 0, body, queue.getQueueName(), MessageProperties.encode(properties));
        return WireMessages.decode(new ReceivedMessage("broker-a", new DeliveryTag("queue:orders", 0, 0), 1, record),
                null, queue);
    }

    private static OspreyQueue queue() {
        try {
            return new OspreyQueue("orders");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }
}
