package io.osprey.mq.protocol.jms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code OSPREY_TYPES} list of one message (format in {@link TypedProperties}): parsed whole for decoding, or
 * scanned only up to the one name a lookup wants.
 */
final class TypeList {
    /**
     * One entry: the code, for {@code f}/{@code d} the raw bits, and whether the property's name and value are
     * escaped on the wire ({@code X} before the code).
     */
    record Type(char code, long rawBits, boolean escaped) {
    }

    private TypeList() {
    }

    static Map<String, Type> parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        Map<String, Type> table = new LinkedHashMap<>();
        scan(encoded, null, table);
        return table;
    }

    /** The entry for {@code name}, reading {@code encoded} only up to it. */
    static Type find(String encoded, String name) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        return scan(encoded, name, null);
    }

    /** Walks the entries; returns the one named {@code wanted}, or fills {@code all} with every entry. */
    private static Type scan(String encoded, String wanted, Map<String, Type> all) {
        int i = 0;
        int length = encoded.length();
        StringBuilder name = new StringBuilder();
        while (i < length) {
            char code = encoded.charAt(i++);
            boolean escaped = code == TypedProperties.ESCAPED;
            if (escaped) {
                if (i == length) {
                    throw malformed(encoded, "an 'X' has no type code after it");
                }
                code = encoded.charAt(i++);
            }
            long bits = 0;
            int bitsLength = code == TypedProperties.FLOAT_BITS ? 8 : code == TypedProperties.DOUBLE_BITS ? 16 : 0;
            if (bitsLength > 0) {
                if (i + bitsLength > length) {
                    throw malformed(encoded, "the bits of a '" + code + "' entry are cut short");
                }
                try {
                    bits = Long.parseUnsignedLong(encoded.substring(i, i + bitsLength), 16);
                } catch (NumberFormatException e) {
                    throw malformed(encoded, "the bits of a '" + code + "' entry are not hex");
                }
                i += bitsLength;
            }
            name.setLength(0);
            while (i < length && encoded.charAt(i) != TypedProperties.ENTRY_SEPARATOR) {
                char c = encoded.charAt(i++);
                if (c == TypedProperties.ESCAPE) {
                    if (i == length) {
                        throw malformed(encoded, "it ends with an escape");
                    }
                    c = encoded.charAt(i++);
                }
                name.append(c);
            }
            i++; // the separator
            if (name.length() == 0) {
                throw malformed(encoded, "an entry has no name");
            }
            if ("ZBSIJFDfdENT".indexOf(code) < 0) {
                throw malformed(encoded, "'" + code + "' is not a type code");
            }
            Type type = new Type(code, bits, escaped);
            if (all != null) {
                all.put(name.toString(), type);
            } else if (name.length() == wanted.length() && name.toString().equals(wanted)) {
                return type;
            }
        }
        return null;
    }

    private static MalformedJmsMessageException malformed(String encoded, String why) {
        return new MalformedJmsMessageException("OSPREY_TYPES [" + encoded + "] cannot be read: " + why);
    }
}
