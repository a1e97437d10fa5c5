package io.osprey.mq.protocol.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * JSON bodies as the stock client's fastjson reads and writes them: unknown properties ignored, nulls omitted,
 * enums by name, and bare (unquoted) map keys accepted on input because stock components write
 * {@code {0:"host:port"}}. Output always uses standard, quoted keys, which fastjson parses back into Long or
 * object keys.
 */
public final class JsonBodies {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES, true)
            .configure(JsonParser.Feature.ALLOW_SINGLE_QUOTES, true)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private JsonBodies() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /** @throws MalformedBodyException when the bytes are not a {@code type} */
    public static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("empty body, expected " + type.getSimpleName());
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new MalformedBodyException("body is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
