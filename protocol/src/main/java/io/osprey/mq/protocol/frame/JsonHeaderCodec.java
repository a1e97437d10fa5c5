package io.osprey.mq.protocol.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.osprey.mq.protocol.command.LanguageCode;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.command.SerializeType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON header form, as the stock client's fastjson writes it: keys in alphabetical order, nulls
 * omitted, {@code language} as the enum name. Reading is as lenient as the stock client: unknown keys
 * are skipped, missing keys take defaults, numeric and boolean {@code extFields} values become strings.
 */
final class JsonHeaderCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256); // most headers fit: no regrowth
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", command.code());
            if (!command.extFields().isEmpty()) {
                json.writeObjectFieldStart("extFields");
                for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                    if (field.getValue() != null) {
                        json.writeStringField(field.getKey(), field.getValue());
                    }
                }
                json.writeEndObject();
            }
            json.writeNumberField("flag", command.flag());
            json.writeStringField("language", command.language().name());
            json.writeNumberField("opaque", command.opaque());
            if (command.remark() != null) {
                json.writeStringField("remark", command.remark());
            }
            json.writeStringField("serializeTypeCurrentRPC", SerializeType.JSON.name());
            json.writeNumberField("version", command.version());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @throws MalformedFrameException when the bytes are not one JSON object */
    static RemotingCommand decode(byte[] header, byte[] body) {
        int code = 0;
        int version = 0;
        int opaque = 0;
        int flag = 0;
        String remark = null;
        LanguageCode language = LanguageCode.OTHER;
        Map<String, String> extFields = null;
        try (JsonParser json = JSON.createParser(header)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("JSON header is not an object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "code" -> code = intValue(json, value, name);
                    case "version" -> version = intValue(json, value, name);
                    case "opaque" -> opaque = intValue(json, value, name);
                    case "flag" -> flag = intValue(json, value, name);
                    case "remark" -> remark = value == JsonToken.VALUE_NULL ? null : json.getValueAsString();
                    case "language" -> language = value == JsonToken.VALUE_NUMBER_INT
                            ? LanguageCode.of(json.getIntValue()) : LanguageCode.ofName(json.getValueAsString());
                    case "extFields" -> extFields = extFields(json, value);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new MalformedFrameException("JSON header has trailing content");
            }
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON header: " + e.getMessage(), e);
        }
        return RemotingCommand.decoded(code, language, version, opaque, flag, remark, extFields, body,
                SerializeType.JSON);
    }

    private static int intValue(JsonParser json, JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return json.getIntValue();
        }
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(json.getText().trim());
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("JSON header field " + name + " is not a number", e);
            }
        }
        throw new MalformedFrameException("JSON header field " + name + " is not a number");
    }

    private static Map<String, String> extFields(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedFrameException("JSON header extFields is not an object");
        }
        Map<String, String> fields = new LinkedHashMap<>(32); // a send header has ~15 fields: no resize
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            JsonToken fieldValue = json.nextToken();
            if (fieldValue == JsonToken.START_OBJECT || fieldValue == JsonToken.START_ARRAY) {
                throw new MalformedFrameException("JSON header extFields." + key + " is not a scalar");
            }
            if (fieldValue != JsonToken.VALUE_NULL) {
                fields.put(key, json.getText());
            }
        }
        return fields;
    }
}
