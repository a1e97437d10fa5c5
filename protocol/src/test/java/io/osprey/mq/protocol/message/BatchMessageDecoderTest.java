package io.osprey.mq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchMessageDecoderTest {
    private static final List<BatchMessageItem> ITEMS = List.of(
            new BatchMessageItem(1, "first".getBytes(StandardCharsets.UTF_8),
                    new LinkedHashMap<>(Map.of(MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "U1"))),
            new BatchMessageItem(0, new byte[0], new LinkedHashMap<>()),
            new BatchMessageItem(2, "third".getBytes(StandardCharsets.UTF_8),
                    new LinkedHashMap<>(Map.of(MessageConst.TAGS, "tagA"))));

    @Test
    void decodesEveryItemWithFlagBodyAndProperties() {
        assertThat(BatchMessageDecoder.decode(BatchMessageEncoder.encode(ITEMS))).isEqualTo(ITEMS);
    }

    @Test
    void decodesAnItemLaidOutAsTheStockClientWritesIt() {
        byte[] props = "TAGS\u0001a".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(22 + 2 + props.length);
        buf.putInt(22 + 2 + props.length).putInt(0).putInt(0).putInt(5).putInt(2).put(new byte[] {7, 8})
                .putShort((short) props.length).put(props);

        assertThat(BatchMessageDecoder.decode(buf.array()))
                .containsExactly(new BatchMessageItem(5, new byte[] {7, 8}, Map.of("TAGS", "a")));
    }

    @Test
    void rejectsEveryTruncationOfTheBody() {
        byte[] body = BatchMessageEncoder.encode(ITEMS);
        for (int length = 0; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            if (isItemBoundary(length)) {
                continue;
            }
            assertThatThrownBy(() -> BatchMessageDecoder.decode(cut))
                    .as("cut at %d", length).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void rejectsNegativeAndOverlongLengths() {
        byte[] body = BatchMessageEncoder.encode(ITEMS.subList(0, 1));

        byte[] negativeTotal = body.clone();
        ByteBuffer.wrap(negativeTotal).putInt(0, -1);
        byte[] overlongBody = body.clone();
        ByteBuffer.wrap(overlongBody).putInt(16, 1_000_000);
        byte[] negativeBody = body.clone();
        ByteBuffer.wrap(negativeBody).putInt(16, -5);
        byte[] negativeProperties = body.clone();
        ByteBuffer.wrap(negativeProperties).putShort(20 + 5, (short) -1);

        for (byte[] bad : List.of(negativeTotal, overlongBody, negativeBody, negativeProperties)) {
            assertThatThrownBy(() -> BatchMessageDecoder.decode(bad)).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void rejectsAnEmptyBody() {
        assertThatThrownBy(() -> BatchMessageDecoder.decode(new byte[0]))
                .isInstanceOf(MalformedMessageException.class);
    }

    private static boolean isItemBoundary(int length) {
        int boundary = 0;
        for (BatchMessageItem item : ITEMS) {
            boundary += BatchMessageDecoder.ITEM_OVERHEAD + item.body().length
                    + MessageProperties.encode(item.properties()).getBytes(StandardCharsets.UTF_8).length;
            if (length == boundary && length != 0) {
                return true;
            }
        }
        return false;
    }
}
