package io.osprey.mq.server.namesrv;

import io.osprey.mq.protocol.body.DataVersion;
import io.osprey.mq.protocol.body.JsonBodies;
import io.osprey.mq.protocol.body.MalformedBodyException;
import io.osprey.mq.protocol.body.RegisterBrokerBody;
import io.osprey.mq.protocol.body.TopicConfigWire;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;

/**
 * Reads a REGISTER_BROKER body in either form: JSON, or the zlib-compressed form stock brokers send with
 * {@code compressedRegister=true}:
 *
 * <pre>
 * zlib( len:i32 DataVersion-JSON | count:i32 | count × (len:i32 "name read write perm filterType[ attributes]")
 *       | len:i32 filterServerList-JSON )
 * </pre>
 */
final class RegisterBodyDecoder {
    private static final int MAX_FIELD_BYTES = 16 * 1024 * 1024;

    private RegisterBodyDecoder() {
    }

    static RegisterBrokerBody.TopicConfigSerializeWrapper decode(byte[] body, boolean compressed) {
        if (body.length == 0) {
            return new RegisterBrokerBody.TopicConfigSerializeWrapper(new DataVersion(0, 0), Map.of());
        }
        if (!compressed) {
            RegisterBrokerBody decoded = JsonBodies.decode(body, RegisterBrokerBody.class);
            if (decoded.topicConfigSerializeWrapper() == null) {
                throw new MalformedBodyException("REGISTER_BROKER body lacks topicConfigSerializeWrapper");
            }
            return decoded.topicConfigSerializeWrapper();
        }
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(body)))) {
            DataVersion version = JsonBodies.decode(field(in), DataVersion.class);
            int count = in.readInt();
            if (count < 0) {
                throw new MalformedBodyException("negative topic count " + count);
            }
            Map<String, TopicConfigWire> topics = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String line = new String(field(in), StandardCharsets.UTF_8);
                List<String> parts = List.of(line.split(" ", 6));
                if (parts.size() < 5) {
                    throw new MalformedBodyException("bad compressed topic entry: " + line);
                }
                TopicConfigWire topic = new TopicConfigWire(parts.get(0), Integer.parseInt(parts.get(1)),
                        Integer.parseInt(parts.get(2)), Integer.parseInt(parts.get(3)), parts.get(4), 0, false);
                topics.put(topic.topicName(), topic);
            }
            return new RegisterBrokerBody.TopicConfigSerializeWrapper(version, topics);
        } catch (IOException | NumberFormatException e) {
            throw new MalformedBodyException("bad compressed REGISTER_BROKER body: " + e.getMessage(), e);
        }
    }

    private static byte[] field(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD_BYTES) {
            throw new MalformedBodyException("bad field length " + length);
        }
        return in.readNBytes(length);
    }
}
