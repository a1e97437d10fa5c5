package io.osprey.mq.server.metadata;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The JSON of the metadata files, shaped as RocketMQ's ({@code topics.json}, {@code consumerOffset.json},
 * {@code subscriptionGroup.json}) so operators recognise them: properties sorted, indented, unknown properties
 * ignored (files written by a newer version or by RocketMQ itself still load), bare map keys accepted.
 */
final class MetadataJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .configure(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES, true)
            .build();

    private MetadataJson() {
    }

    /**
     * The file's content as a {@code type}, or empty when the file does not exist.
     *
     * @throws CorruptMetadataException when the file is empty or not a valid {@code type}
     */
    static <T> Optional<T> read(AtomicFile file, Class<T> type) {
        Optional<byte[]> bytes = file.read();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        if (bytes.get().length == 0) {
            throw new CorruptMetadataException(file.path(), "the file is empty", null);
        }
        try {
            T value = MAPPER.readValue(bytes.get(), type);
            if (value == null) {
                throw new CorruptMetadataException(file.path(), "the file holds no JSON object", null);
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new CorruptMetadataException(file.path(), describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return json.getOriginalMessage() + " at line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr();
        }
        return e.getMessage();
    }

    static void write(AtomicFile file, Object value) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
        file.write(bytes);
    }
}
