package io.osprey.mq.protocol.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.osprey.mq.protocol.message.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JMS properties (spec 3.5.2 "Property values", 3.5.5 "Property values as objects") as RocketMQ string properties:
 * what a RocketMQ consumer sees, exact round trips, the characters a RocketMQ property cannot hold, and the typed
 * lookup selectors use (3.8.1.1: "The type of a property value in a message selector corresponds to the type used
 * to set the property").
 */
class TypedPropertiesTest {

    @Test
    void aRocketMqConsumerSeesEachValueAsItsToStringAndTheTypesInOneProperty() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("flag", true);
        props.put("b", (byte) -7);
        props.put("s", (short) 300);
        props.put("i", 42);
        props.put("l", 1L << 40);
        props.put("f", 1.5f);
        props.put("d", -0.25);
        props.put("text", "hello");

        assertThat(TypedProperties.encode(props)).containsExactly(
                entry("flag", "true"), entry("b", "-7"), entry("s", "300"), entry("i", "42"),
                entry("l", "1099511627776"), entry("f", "1.5"), entry("d", "-0.25"), entry("text", "hello"),
                entry(JmsHeaders.OSPREY_TYPES, "Zflag,Bb,Ss,Ii,Jl,Ff,Dd"));
    }

    @Test
    void onlyNonEmptyStringsNeedNoTypeEntry() {
        assertThat(TypedProperties.encode(Map.of("a", "x"))).containsExactly(entry("a", "x"));
        assertThat(TypedProperties.encode(Map.of())).isEmpty();
    }

    @Test
    void emptyAndNullStringsAreTypeEntriesWithoutRocketMqValue() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("empty", "");
        props.put("nothing", null);

        LinkedHashMap<String, String> wire = TypedProperties.encode(props);

        assertThat(wire).containsExactly(entry(JmsHeaders.OSPREY_TYPES, "Eempty,Nnothing"));
        // RocketMQ drops empty values on decode; the entries are what bring them back.
        assertThat(TypedProperties.decode(MessageProperties.decode(MessageProperties.encode(wire))))
                .containsExactly(entry("empty", ""), entry("nothing", null));
    }

    @Test
    void propertiesWithoutTypeEntriesAreStrings() {
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put("count", "3");
        wire.put("flag", "true");
        wire.put("my-prop.x", "v");

        assertThat(TypedProperties.decode(wire)).containsExactly(entry("count", "3"), entry("flag", "true"),
                entry("my-prop.x", "v"));
    }

    @Test
    void decodeLeavesOutHeadersOspreyAndRocketMqSystemPropertiesButKeepsTagsAndKeys() {
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put("UNIQ_KEY", "AB");
        wire.put("WAIT", "true");
        wire.put("CLUSTER", "c");
        wire.put("TAGS", "t");
        wire.put("KEYS", "k1 k2");
        wire.put(JmsHeaders.JMS_PRIORITY, "7");
        wire.put(JmsHeaders.OSPREY_BODY, "text");
        wire.put(JmsHeaders.JMSX_DELIVERY_COUNT, "3");
        wire.put(JmsHeaders.JMSX_GROUP_ID, "g");
        wire.put("__RMQ.TRANSIENT.X", "y");

        assertThat(TypedProperties.decode(wire)).containsExactly(entry("TAGS", "t"), entry("KEYS", "k1 k2"),
                entry(JmsHeaders.JMSX_GROUP_ID, "g"));
    }

    @Test
    void floatsAndDoublesRoundTripBitExactIncludingNaNPayloadsAndInfinities() {
        float[] floats = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffc00000), 0.1f, 1e-10f, 16777217f};
        double[] doubles = {0d, -0d, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff8000000000000L), 0.1, 1e23,
            2e-3, 4.9e-324, 9007199254740993d};
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < floats.length; i++) {
            props.put("f" + i, floats[i]);
        }
        for (int i = 0; i < doubles.length; i++) {
            props.put("d" + i, doubles[i]);
        }

        Map<String, Object> decoded = roundTrip(props);

        for (int i = 0; i < floats.length; i++) {
            assertThat(Float.floatToRawIntBits((Float) decoded.get("f" + i))).as("f" + i)
                    .isEqualTo(Float.floatToRawIntBits(floats[i]));
        }
        for (int i = 0; i < doubles.length; i++) {
            assertThat(Double.doubleToRawLongBits((Double) decoded.get("d" + i))).as("d" + i)
                    .isEqualTo(Double.doubleToRawLongBits(doubles[i]));
        }
    }

    @Test
    void aNaNWithAPayloadShowsAsNaNToRocketMqAndCarriesItsBitsInItsTypeEntry() {
        LinkedHashMap<String, String> wire = TypedProperties.encode(Map.of("x", Float.intBitsToFloat(0x7fc00001)));

        assertThat(wire).containsExactly(entry("x", "NaN"), entry(JmsHeaders.OSPREY_TYPES, "f7fc00001x"));
    }

    @Test
    void randomFloatAndDoubleBitPatternsRoundTripExactly() {
        Random random = new Random(20240607L);
        for (int round = 0; round < 2_000; round++) {
            float f = Float.intBitsToFloat(random.nextInt());
            double d = Double.longBitsToDouble(random.nextLong());
            if (Float.isNaN(f) && (Float.floatToRawIntBits(f) & 0x00400000) == 0) {
                // A signalling NaN: whether the JVM keeps its bits through a float is up to the platform.
                f = Float.intBitsToFloat(Float.floatToRawIntBits(f) | 0x00400000);
            }
            if (Double.isNaN(d) && (Double.doubleToRawLongBits(d) & 0x0008000000000000L) == 0) {
                d = Double.longBitsToDouble(Double.doubleToRawLongBits(d) | 0x0008000000000000L);
            }
            Map<String, Object> decoded = roundTrip(Map.of("f", f, "d", d));
            assertThat(Float.floatToRawIntBits((Float) decoded.get("f"))).isEqualTo(Float.floatToRawIntBits(f));
            assertThat(Double.doubleToRawLongBits((Double) decoded.get("d")))
                    .isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void randomPropertyMapsRoundTripThroughTheRocketMqPropertiesString() {
        Random random = new Random(7_3_5_4L);
        for (int round = 0; round < 500; round++) {
            Map<String, Object> props = RandomProperties.map(random, random.nextInt(12));

            Map<String, Object> decoded = roundTrip(props);

            assertThat(decoded).as("round %d: %s", round, props).isEqualTo(props);
            for (Map.Entry<String, Object> e : props.entrySet()) {
                Object value = decoded.get(e.getKey());
                assertThat(value == null ? null : value.getClass())
                        .isEqualTo(e.getValue() == null ? null : e.getValue().getClass());
            }
        }
    }

    @Test
    void namesWithTheTypeListsSeparatorOrEscapeRoundTrip() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("a,b", 1);
        props.put("c\\", 2L);
        props.put("\\,", true);

        LinkedHashMap<String, String> wire = TypedProperties.encode(props);

        assertThat(wire.get(JmsHeaders.OSPREY_TYPES)).isEqualTo("Ia\\,b,Jc\\\\,Z\\\\\\,");
        assertThat(TypedProperties.decode(wire)).isEqualTo(props);
        assertThat(TypedProperties.lookup(wire, "\\,")).isEqualTo(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "a\u0002", "\ud800", "x\udc00y", "\ud800\ud800", "\\u0001 and \u0001",
        "\udc00\ud800\udc00"})
    void stringValuesARocketMqPropertyCannotHoldTravelEscaped(String value) {
        LinkedHashMap<String, String> wire = TypedProperties.encode(Map.of("p", value));

        assertThat(PropertyEscaping.needed(wire.get("p"))).as("escaped: %s", wire.get("p")).isFalse();
        assertThat(wire.get(JmsHeaders.OSPREY_TYPES)).isEqualTo("XTp");
        assertThat(roundTrip(Map.of("p", value))).containsExactly(entry("p", value));
        assertThat(TypedProperties.lookup(wire, "p")).isEqualTo(value);
    }

    @Test
    void aRocketMqConsumerReadsAnEscapedValueAsTheCharactersCodes() {
        assertThat(TypedProperties.encode(Map.of("p", "a\u0001b\u0002c\\d\ud800"))).containsExactly(
                entry("p", "a\\u0001b\\u0002c\\\\d\\ud800"), entry(JmsHeaders.OSPREY_TYPES, "XTp"));
    }

    @Test
    void valuesWithNothingToEscapeTravelAsTheyAreBackslashesIncluded() {
        Map<String, Object> props = Map.of("path", "C:\\dir\\u0001", "nul", "a\u0000\u0003b");

        LinkedHashMap<String, String> wire = TypedProperties.encode(props);

        assertThat(wire).containsOnly(entry("path", "C:\\dir\\u0001"), entry("nul", "a\u0000\u0003b"));
        assertThat(TypedProperties.decode(wire)).isEqualTo(props);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "\u0002", "n\ud801", "back\\slash\u0001"})
    void namesARocketMqPropertyCannotHoldTravelEscapedWhateverTheType(String name) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(name, 1);
        props.put(name + "s", "v\u0001");
        props.put(name + "e", "");
        props.put(name + "n", null);
        props.put(name + "d", Double.longBitsToDouble(0x7ff80000deadbeefL));

        LinkedHashMap<String, String> wire = TypedProperties.encode(props);

        String escaped = PropertyEscaping.escape(name);
        assertThat(wire).containsEntry(escaped, "1").containsEntry(escaped + "s", "v\\u0001");
        String entryName = escaped.replace("\\", "\\\\");
        assertThat(wire.get(JmsHeaders.OSPREY_TYPES)).isEqualTo("XI" + entryName + ",XT" + entryName + "s,XE"
                + entryName + "e,XN" + entryName + "n,Xd7ff80000deadbeef" + entryName + "d");
        assertThat(roundTrip(props)).isEqualTo(props);
        for (String n : props.keySet()) {
            assertThat(TypedProperties.lookup(wire, n)).as(n).isEqualTo(props.get(n));
        }
    }

    @Test
    void aHeaderStringTravelsEscapedToo() {
        LinkedHashMap<String, String> wire = new LinkedHashMap<>();
        new TypedPropertyWriter(wire).putHeader(JmsHeaders.JMS_TYPE, "t\u0001").putHeader(JmsHeaders.JMS_CORRELATION_ID,
                "c\u0002").finish();

        assertThat(wire).containsEntry(JmsHeaders.JMS_TYPE, "t\\u0001");
        assertThat(TypedProperties.headerString(wire, JmsHeaders.JMS_TYPE)).isEqualTo("t\u0001");
        assertThat(TypedProperties.lookup(wire, JmsHeaders.JMS_TYPE)).isEqualTo("t\u0001");
        assertThat(TypedProperties.lookup(wire, JmsHeaders.JMS_CORRELATION_ID)).isEqualTo("c\u0002");
    }

    @Test
    void twoPropertiesThatWouldShareAWireNameAreRefused() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("a\\b", "v\u0001"); // escaped: travels as a\\b
        props.put("a\\\\b", "w");     // plain: a\\b as well

        assertThatThrownBy(() -> TypedProperties.encode(props)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two properties would travel under the RocketMQ name a\\\\b");
    }

    @Test
    void aPlainPropertyIsNotTakenForAnothersEscapedName() {
        // a RocketMQ producer's property named a\\u0001 (six characters), beside an escaped one
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put("a\\u0001", "raw");
        assertThat(TypedProperties.lookup(wire, "a\\u0001")).isEqualTo("raw");
        assertThat(TypedProperties.lookup(wire, "a\u0001")).isNull();
        wire.put(JmsHeaders.OSPREY_TYPES, "XTa\\\\u0001");
        assertThat(TypedProperties.lookup(wire, "a\u0001")).isEqualTo("raw");
        assertThat(TypedProperties.lookup(wire, "a\\u0001")).isNull();
        assertThat(TypedProperties.decode(wire)).containsExactly(entry("a\u0001", "raw"));
    }

    /** Any names and Strings, weighted toward the separators, NUL, backslash escapes and lone surrogates. */
    @Test
    void randomAwkwardNamesAndStringsRoundTripAndLookUp() {
        Random random = new Random(3_5_4_0L);
        for (int round = 0; round < 2_000; round++) {
            Map<String, Object> props = new LinkedHashMap<>();
            int size = random.nextInt(6);
            while (props.size() < size) {
                String name = RandomProperties.awkwardText(random, 1 + random.nextInt(6));
                if (JmsHeaders.reservedReason(name) == null) {
                    props.put(name, random.nextInt(3) == 0 ? RandomProperties.value(random)
                            : RandomProperties.awkwardText(random, random.nextInt(12)));
                }
            }
            LinkedHashMap<String, String> wire = TypedProperties.encode(props);
            for (Map.Entry<String, String> e : wire.entrySet()) {
                assertThat(PropertyEscaping.needed(e.getKey()) || PropertyEscaping.needed(e.getValue()))
                        .as("round %d: %s", round, e).isFalse();
            }

            assertThat(roundTrip(props)).as("round %d: %s", round, props).isEqualTo(props);
            for (Map.Entry<String, Object> e : props.entrySet()) {
                assertThat(TypedProperties.lookup(wire, e.getKey())).as("round %d: %s", round, e.getKey())
                        .isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void malformedEscapesAreTypedErrors() {
        assertMalformed(Map.of("p", "a\\x", JmsHeaders.OSPREY_TYPES, "XTp"), "followed by neither");
        assertMalformed(Map.of("p", "a\\u00zz", JmsHeaders.OSPREY_TYPES, "XTp"), "not followed by four hex");
        assertMalformed(Map.of("p", "a\\u00", JmsHeaders.OSPREY_TYPES, "XTp"), "followed by neither");
        assertMalformed(Map.of("p", "a\\", JmsHeaders.OSPREY_TYPES, "XTp"), "followed by neither");
        assertMalformed(Map.of("p", "v", JmsHeaders.OSPREY_TYPES, "X"), "an 'X' has no type code after it");
        assertMalformed(Map.of("p\\q", "v", JmsHeaders.OSPREY_TYPES, "XTp\\\\q"), "followed by neither");
    }

    @Test
    void surrogatePairsAreFine() {
        assertThat(roundTrip(Map.of("emoji\ud83d\ude00", "\ud83d\ude00 ok"))).containsExactly(
                entry("emoji\ud83d\ude00", "\ud83d\ude00 ok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSPriority", "JMSReplyTo", "OSPREY_BODY", "OSPREY_TYPES", "OSPREY_X", "UNIQ_KEY",
        "DELAY", "WAIT", "TIMER_DELIVER_MS", "JMSXDeliveryCount", "__RMQ.TRANSIENT.A"})
    void refusesReservedNames(String name) {
        assertThatThrownBy(() -> TypedProperties.encode(Map.of(name, "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("property name " + name + " ");
    }

    @Test
    void refusesEmptyNamesAndValuesOfOtherTypes() {
        assertThatThrownBy(() -> TypedProperties.encode(Map.of("", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null or empty");
        assertThatThrownBy(() -> TypedProperties.encode(Map.of("c", 'c')))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("property c is a java.lang.Character");
        assertThatThrownBy(() -> TypedProperties.encode(Map.of("o", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTypeEntriesAndValuesAreTypedErrors() {
        assertMalformed(Map.of("a", "1", JmsHeaders.OSPREY_TYPES, "Qa"), "'Q' is not a type code");
        assertMalformed(Map.of("a", "x", JmsHeaders.OSPREY_TYPES, "Ia"), "property a of type I has the value [x]");
        assertMalformed(Map.of("a", "yes", JmsHeaders.OSPREY_TYPES, "Za"), "property a of type Z has the value");
        assertMalformed(Map.of("a", "128", JmsHeaders.OSPREY_TYPES, "Ba"), "property a of type B");
        assertMalformed(Map.of("a", "NaN", JmsHeaders.OSPREY_TYPES, "f7fc0"), "cut short");
        assertMalformed(Map.of("a", "NaN", JmsHeaders.OSPREY_TYPES, "fzzzzzzzza"), "not hex");
        assertMalformed(Map.of("a", "v", JmsHeaders.OSPREY_TYPES, "Ea"), "marks a as empty but it has the value");
        assertMalformed(Map.of(JmsHeaders.OSPREY_TYPES, "I"), "an entry has no name");
        assertMalformed(Map.of(JmsHeaders.OSPREY_TYPES, "Ia\\"), "ends with an escape");
    }

    @Test
    void aTypeEntryWhoseValueWasRemovedLeavesTheProperyAbsent() {
        Map<String, String> wire = Map.of(JmsHeaders.OSPREY_TYPES, "Icount");

        assertThat(TypedProperties.decode(wire)).isEmpty();
        assertThat(TypedProperties.lookup(wire, "count")).isNull();
    }

    @Test
    void lookupReadsTheTypeListOnlyUpToTheNameItWants() {
        Map<String, String> wire = Map.of("a", "5", "b", "x", JmsHeaders.OSPREY_TYPES, "Ia,Qb");

        assertThat(TypedProperties.lookup(wire, "a")).isEqualTo(5);
        assertThatThrownBy(() -> TypedProperties.decode(wire)).isInstanceOf(MalformedJmsMessageException.class);
    }

    @Test
    void lookupGivesTheValueDecodeGivesForEveryName() {
        Random random = new Random(3_8_1_1L);
        for (int round = 0; round < 300; round++) {
            Map<String, Object> props = RandomProperties.map(random, random.nextInt(10));
            LinkedHashMap<String, String> wire = TypedProperties.encode(props);
            wire.put("UNIQ_KEY", "AB");
            wire.put("TAGS", "t");
            Map<String, Object> decoded = TypedProperties.decode(wire);

            List<String> names = new ArrayList<>(wire.keySet());
            names.addAll(props.keySet());
            names.add("absent");
            for (String name : names) {
                if (!name.startsWith("JMS")) {
                    assertThat(TypedProperties.lookup(wire, name)).as(name).isEqualTo(decoded.get(name));
                }
            }
        }
    }

    @Test
    void lookupResolvesTheSelectorHeaderIdentifiers() {
        Map<String, String> bare = Map.of();
        assertThat(TypedProperties.lookup(bare, "JMSMessageID")).isNull();
        assertThat(TypedProperties.lookup(bare, "JMSPriority")).isEqualTo(4);
        assertThat(TypedProperties.lookup(bare, "JMSDeliveryMode")).isEqualTo("PERSISTENT");
        assertThat(TypedProperties.lookup(bare, "JMSTimestamp")).isEqualTo(0L);
        assertThat(TypedProperties.lookup(bare, "JMSCorrelationID")).isNull();
        assertThat(TypedProperties.lookup(bare, "JMSType")).isNull();

        Map<String, String> wire = Map.of("UNIQ_KEY", "7F00000100", "JMSPriority", "9", "JMSDeliveryMode",
                "NON_PERSISTENT", "JMSTimestamp", "1700000000000", "JMSCorrelationID", "c-1",
                JmsHeaders.OSPREY_TYPES, "EJMSType");
        assertThat(TypedProperties.lookup(wire, "JMSMessageID")).isEqualTo("ID:7F00000100");
        assertThat(TypedProperties.lookup(wire, "JMSPriority")).isEqualTo(9);
        assertThat(TypedProperties.lookup(wire, "JMSDeliveryMode")).isEqualTo("NON_PERSISTENT");
        assertThat(TypedProperties.lookup(wire, "JMSTimestamp")).isEqualTo(1_700_000_000_000L);
        assertThat(TypedProperties.lookup(wire, "JMSCorrelationID")).isEqualTo("c-1");
        assertThat(TypedProperties.lookup(wire, "JMSType")).isEqualTo("");
        // Headers a selector may not name, and hidden RocketMQ properties, are no properties either.
        assertThat(TypedProperties.lookup(Map.of("JMSExpiration", "5"), "JMSExpiration")).isNull();
        assertThat(TypedProperties.lookup(wire, "UNIQ_KEY")).isNull();
    }

    @Test
    void aCorrelationIdSetAsBytesIsSeenAsItsUtf8Text() {
        Map<String, String> wire = Map.of(JmsHeaders.JMS_CORRELATION_ID_AS_BYTES, "Y29ycg==");

        assertThat(TypedProperties.lookup(wire, "JMSCorrelationID")).isEqualTo("corr");
        assertThat(TypedProperties.correlationIdBytes(wire)).containsExactly('c', 'o', 'r', 'r');
        assertThatThrownBy(() -> TypedProperties.correlationIdBytes(
                Map.of(JmsHeaders.JMS_CORRELATION_ID_AS_BYTES, "**")))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("not Base64");
    }

    @Test
    void malformedHeaderValuesAreTypedErrors() {
        assertThatThrownBy(() -> TypedProperties.lookup(Map.of("JMSPriority", "high"), "JMSPriority"))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("JMSPriority is not an int");
        assertThatThrownBy(() -> TypedProperties.lookup(Map.of("JMSPriority", "10"), "JMSPriority"))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("0 to 9");
        assertThatThrownBy(() -> TypedProperties.lookup(Map.of("JMSDeliveryMode", "2"), "JMSDeliveryMode"))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("PERSISTENT");
        assertThatThrownBy(() -> TypedProperties.lookup(Map.of("JMSTimestamp", "now"), "JMSTimestamp"))
                .isInstanceOf(MalformedJmsMessageException.class).hasMessageContaining("not a long");
    }

    @Test
    void aMarkedNullIsVisibleToIsMarkedNull() {
        LinkedHashMap<String, String> wire = new LinkedHashMap<>();
        TypedPropertyWriter writer = new TypedPropertyWriter(wire);
        writer.markNull(JmsHeaders.OSPREY_BODY).putHeader("JMSType", "").putHeader("JMSCorrelationID", null);
        writer.finish();

        assertThat(wire).containsExactly(entry(JmsHeaders.OSPREY_TYPES, "NOSPREY_BODY,EJMSType"));
        assertThat(TypedProperties.isMarkedNull(wire, JmsHeaders.OSPREY_BODY)).isTrue();
        assertThat(TypedProperties.isMarkedNull(wire, "JMSType")).isFalse();
        assertThat(TypedProperties.headerString(wire, "JMSType")).isEmpty();
        assertThat(TypedProperties.headerString(wire, "JMSCorrelationID")).isNull();
    }

    private static void assertMalformed(Map<String, String> wire, String message) {
        assertThatThrownBy(() -> TypedProperties.decode(wire)).isInstanceOf(MalformedJmsMessageException.class)
                .hasMessageContaining(message);
    }

    /** Through the RocketMQ properties string in UTF-8, as the broker stores and a consumer receives it. */
    private static Map<String, Object> roundTrip(Map<String, ?> props) {
        byte[] stored = MessageProperties.encode(TypedProperties.encode(props)).getBytes(StandardCharsets.UTF_8);
        return TypedProperties.decode(MessageProperties.decode(new String(stored, StandardCharsets.UTF_8)));
    }
}
