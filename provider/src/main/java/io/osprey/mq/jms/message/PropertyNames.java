package io.osprey.mq.jms.message;

import io.osprey.mq.protocol.jms.JmsHeaders;
import io.osprey.mq.protocol.jms.TypedProperties;
import java.util.Locale;
import java.util.Set;

/**
 * The names an application may give a property (spec 3.5.1: "Property names must obey the rules for a message
 * selector identifier", 3.8.1.1), with what the wire adds.
 *
 * <ul>
 *   <li>A Java identifier (first code point {@code isJavaIdentifierStart}, the rest {@code isJavaIdentifierPart}),
 *       and not {@code NULL TRUE FALSE NOT AND OR BETWEEN LIKE IN IS ESCAPE} in any case.</li>
 *   <li>The {@code JMS} prefix is reserved: of the {@code JMSX} names an application sets only the two the spec
 *       has the client set (table 3-3), {@code JMSXGroupID} (String) and {@code JMSXGroupSeq} (int); the others are
 *       set by a provider. {@code JMS_vendor} names are provider-specific properties and allowed.</li>
 *   <li>Not a name the wire reserves (a RocketMQ system property such as {@code DELAY}, an {@code OSPREY_} name).
 *       The separators U+0001 and U+0002, which identifiers allow as "ignorable" characters, are allowed: such a
 *       name travels escaped.</li>
 * </ul>
 *
 * Every refusal is an {@link IllegalArgumentException} saying why, the exception the Message javadoc gives for a
 * null or empty name.
 */
final class PropertyNames {
    private static final Set<String> SELECTOR_WORDS = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");
    private static final String JMS_PREFIX = "JMS";
    private static final String JMSX_PREFIX = "JMSX";
    private static final String VENDOR_PREFIX = "JMS_";

    private PropertyNames() {
    }

    /** @throws IllegalArgumentException when an application may not set a property of this name */
    static void checkSettable(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        int first = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            throw new IllegalArgumentException("property name [" + name + "] does not start with a Java identifier"
                    + " start character (spec 3.8.1.1)");
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                throw new IllegalArgumentException("property name [" + name + "] has the character ["
                        + new String(Character.toChars(cp)) + "] at " + i
                        + ", which is not a Java identifier part (spec 3.8.1.1)");
            }
            i += Character.charCount(cp);
        }
        if (SELECTOR_WORDS.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name " + name + " is a message selector keyword"
                    + " (spec 3.8.1.1)");
        }
        if (name.startsWith(JMS_PREFIX) && !name.startsWith(VENDOR_PREFIX)) {
            if (name.startsWith(JMSX_PREFIX)) {
                if (!name.equals(JmsHeaders.JMSX_GROUP_ID) && !name.equals(JmsHeaders.JMSX_GROUP_SEQ)) {
                    throw new IllegalArgumentException("property " + name + " is not one an application sets: of"
                            + " the JMSX properties only JMSXGroupID and JMSXGroupSeq are (spec table 3-3)");
                }
            } else {
                throw new IllegalArgumentException("property name " + name + " starts with JMS, which the spec"
                        + " reserves for headers and JMS-defined properties (3.5.9, 3.5.10)");
            }
        }
        TypedProperties.checkName(name);
        String reserved = JmsHeaders.reservedReason(name);
        if (reserved != null) {
            throw new IllegalArgumentException("property name " + name + " " + reserved);
        }
    }
}
