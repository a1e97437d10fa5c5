package io.osprey.mq.protocol.dispatch;

import io.osprey.mq.protocol.body.MalformedBodyException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strings read from a dispatch body: bytes that are not UTF-8 are refused rather than replaced, since a topic,
 * a subscription key or a message's properties silently changed by the decoder would name or carry something
 * other than what the client sent.
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException(what + " is not UTF-8 (" + e + ")", e);
        }
    }
}
