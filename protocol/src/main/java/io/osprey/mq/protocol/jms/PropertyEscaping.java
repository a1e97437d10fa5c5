package io.osprey.mq.protocol.jms;

import io.osprey.mq.protocol.message.MessageConst;

/**
 * The escaped form of a property name or String that a RocketMQ property cannot hold as it is: one with U+0001 or
 * U+0002 (the properties string's separators) or an unpaired surrogate (the string is UTF-8). Each of those
 * characters is written as a backslash, {@code u} and four lower-case hex digits, a backslash as two backslashes,
 * every other character as itself. The value {@code a}, U+0001, {@code b} travels as the seven characters
 * <code>a&#92;u0001b</code>; <code>x&#92;y</code> followed by the lone surrogate U+D800 as
 * <code>x&#92;&#92;y&#92;ud800</code>.
 *
 * <p>Only a property {@code OSPREY_TYPES} marks with {@code X} is escaped (see {@link TypedProperties}), so every
 * other name and value, backslashes included, travels unchanged; a RocketMQ consumer reads an escaped one as the
 * readable text above.
 */
final class PropertyEscaping {
    static final char ESCAPE = '\\';
    private static final char UNICODE = 'u';
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PropertyEscaping() {
    }

    /** Whether {@code s} holds a character a RocketMQ property cannot carry, so it travels escaped. */
    static boolean needed(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (mustEscape(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** The escaped form; {@code s} itself when it holds nothing to escape. */
    static String escape(String s) {
        if (s.indexOf(ESCAPE) < 0 && !needed(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ESCAPE) {
                sb.append(ESCAPE).append(ESCAPE);
            } else if (mustEscape(s, i)) {
                sb.append(ESCAPE).append(UNICODE)
                        .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                sb.append(c);
                if (Character.isHighSurrogate(c)) {
                    sb.append(s.charAt(++i)); // its low half: the pair is one character UTF-8 holds
                }
            }
        }
        return sb.toString();
    }

    /** @throws MalformedJmsMessageException for a backslash followed by neither a backslash nor u and 4 hex digits */
    static String unescape(String s) {
        int first = s.indexOf(ESCAPE);
        if (first < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ESCAPE) {
                sb.append(c);
                continue;
            }
            if (i + 1 < s.length() && s.charAt(i + 1) == ESCAPE) {
                sb.append(ESCAPE);
                i++;
            } else if (i + 5 < s.length() && s.charAt(i + 1) == UNICODE) {
                sb.append((char) hex(s, i + 2));
                i += 5;
            } else {
                throw new MalformedJmsMessageException("escaped property text [" + s + "] has a '\\' at " + i
                        + " followed by neither '\\' nor 'u' and four hex digits");
            }
        }
        return sb.toString();
    }

    private static int hex(String s, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                throw new MalformedJmsMessageException("escaped property text [" + s + "] has a '\\u' at "
                        + (from - 2) + " not followed by four hex digits");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static boolean mustEscape(String s, int i) {
        char c = s.charAt(i);
        if (c == MessageConst.NAME_VALUE_SEPARATOR || c == MessageConst.PROPERTY_SEPARATOR) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
