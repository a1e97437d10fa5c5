package io.osprey.mq.protocol.body;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * A {@link MessageQueue} as a JSON object key. fastjson writes such keys as inline objects
 * ({@code {{"brokerName":"b","queueId":0,"topic":"T"}:{…}}}), which is not JSON; towards clients we write the
 * standard form, a string holding the queue's JSON, which both fastjson 1.2.69 and 1.2.83 parse back into a
 * MessageQueue key (reference §2.1 rule 3). Annotate a {@code Map<MessageQueue, V>} component with
 * {@code @JsonSerialize(keyUsing = MessageQueueKey.Writer.class)} and
 * {@code @JsonDeserialize(keyUsing = MessageQueueKey.Reader.class)}.
 */
public final class MessageQueueKey {
    private MessageQueueKey() {
    }

    /** The key text: the queue's JSON, properties in alphabetical order as fastjson writes them. */
    public static String encode(MessageQueue queue) {
        return new String(JsonBodies.encode(queue), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes a MessageQueue map key as a string holding its JSON. */
    public static final class Writer extends JsonSerializer<MessageQueue> {
        @Override
        public void serialize(MessageQueue queue, JsonGenerator generator, SerializerProvider serializers)
                throws IOException {
            generator.writeFieldName(encode(queue));
        }
    }

    /** Reads a map key written by {@link Writer}. */
    public static final class Reader extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            return JsonBodies.mapper().readValue(key, MessageQueue.class);
        }
    }
}
