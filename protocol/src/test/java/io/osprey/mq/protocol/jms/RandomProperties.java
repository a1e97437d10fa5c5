package io.osprey.mq.protocol.jms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded random JMS property maps: every value type, awkward floats, empty and null Strings, non-ASCII text. */
final class RandomProperties {
    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyz_$\u00e9\u4e16";
    private static final String PUNCTUATION = ",\\:=&%'\"\t\n ";
    private static final String NAME_PART = NAME_START + "0123456789ABCXYZ";

    private RandomProperties() {
    }

    static Map<String, Object> map(Random random, int size) {
        Map<String, Object> props = new LinkedHashMap<>();
        while (props.size() < size) {
            props.put(name(random), value(random));
        }
        return props;
    }

    static String name(Random random) {
        StringBuilder sb = new StringBuilder();
        sb.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            sb.append(NAME_PART.charAt(random.nextInt(NAME_PART.length())));
        }
        return sb.toString();
    }

    static Object value(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> random.nextBoolean();
            case 1 -> (byte) random.nextInt();
            case 2 -> (short) random.nextInt();
            case 3 -> random.nextInt();
            case 4 -> random.nextLong();
            case 5 -> awkwardFloat(random);
            case 6 -> awkwardDouble(random);
            case 7 -> "";
            case 8 -> null;
            default -> text(random);
        };
    }

    static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(20);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> sb.append((char) (0xa0 + random.nextInt(0xd000)));
                case 2 -> sb.appendCodePoint(0x10000 + random.nextInt(0x10000));
                case 3 -> sb.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                default -> sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    /**
     * Any Java String of {@code length} chars, weighted toward what the RocketMQ properties string cannot hold or
     * the escaping itself uses: U+0000 to U+0003, backslash-u sequences, hex digits, lone and paired surrogates.
     */
    static String awkwardText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> sb.append((char) random.nextInt(4));
                case 1 -> sb.append('\\');
                case 2 -> sb.append("u0ab".charAt(random.nextInt(4)));
                case 3 -> sb.append((char) (0xd800 + random.nextInt(0x400)));
                case 4 -> sb.append((char) (0xdc00 + random.nextInt(0x400)));
                case 5 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 6 -> sb.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                default -> sb.append((char) random.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    static float awkwardFloat(Random random) {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            Float.MAX_VALUE, Float.intBitsToFloat(0x7fc0beef)};
        if (random.nextInt(3) == 0) {
            return special[random.nextInt(special.length)];
        }
        float f = Float.intBitsToFloat(random.nextInt());
        return Float.isNaN(f) ? 1.25f : f;
    }

    static double awkwardDouble(Random random) {
        double[] special = {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff80000deadbeefL)};
        if (random.nextInt(3) == 0) {
            return special[random.nextInt(special.length)];
        }
        double d = Double.longBitsToDouble(random.nextLong());
        return Double.isNaN(d) ? 2.5 : d;
    }
}
