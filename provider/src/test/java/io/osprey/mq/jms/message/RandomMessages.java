package io.osprey.mq.jms.message;

import io.osprey.mq.jms.destination.OspreyDestination;
import io.osprey.mq.protocol.jms.JmsDestinationAddress.Kind;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;

/** Seeded random messages of every type, with random headers, properties and bodies, for round-trip tests. */
final class RandomMessages {
    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyz_$\u00e9";
    /** With the identifier-ignorable U+0000 to U+0002, which the RocketMQ properties string needs escaped. */
    private static final String NAME_PART = NAME_START + "0123456789XYZ\u0000\u0001\u0002";
    private static final String PUNCTUATION = ",\\:=&%'\"\t\n ";

    private final Random random;

    RandomMessages(long seed) {
        this.random = new Random(seed);
    }

    OspreyMessage next() throws JMSException {
        OspreyMessage m = body();
        headers(m);
        int properties = random.nextInt(8);
        for (int i = 0; i < properties; i++) {
            m.setObjectProperty(name(), propertyValue());
        }
        if (random.nextInt(4) == 0) {
            m.setStringProperty("JMSXGroupID", text());
            m.setIntProperty("JMSXGroupSeq", random.nextInt(100));
        }
        return m;
    }

    private OspreyMessage body() throws JMSException {
        switch (random.nextInt(6)) {
            case 0: {
                return new OspreyTextMessage(random.nextInt(5) == 0 ? null : random.nextInt(5) == 0 ? "" : text());
            }
            case 1: {
                OspreyBytesMessage m = new OspreyBytesMessage();
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                m.writeBytes(bytes);
                return m;
            }
            case 2: {
                OspreyMapMessage m = new OspreyMapMessage();
                int n = random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    m.setObject(random.nextInt(6) == 0 ? "k" + anyText() : name(), bodyValue());
                }
                return m;
            }
            case 3: {
                OspreyStreamMessage m = new OspreyStreamMessage();
                int n = random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    m.writeObject(bodyValue());
                }
                return m;
            }
            case 4: {
                ArrayList<Object> list = new ArrayList<>();
                list.add(random.nextLong());
                list.add(text());
                return new OspreyObjectMessage(random.nextInt(5) == 0 ? null : list);
            }
            default:
                return new OspreyMessage();
        }
    }

    private void headers(OspreyMessage m) throws JMSException {
        if (random.nextBoolean()) {
            m.setJMSMessageID("ID:" + Long.toHexString(random.nextLong()).toUpperCase());
        }
        m.setJMSTimestamp(random.nextBoolean() ? 0 : random.nextLong());
        m.setJMSExpiration(random.nextBoolean() ? 0 : random.nextLong());
        m.setJMSDeliveryTime(random.nextBoolean() ? 0 : random.nextLong());
        m.setJMSPriority(random.nextInt(10));
        m.setJMSDeliveryMode(random.nextBoolean() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        switch (random.nextInt(4)) {
            case 0 -> m.setJMSCorrelationID(random.nextBoolean() ? text() : anyText());
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                m.setJMSCorrelationIDAsBytes(bytes);
            }
            case 2 -> m.setJMSCorrelationID("");
            default -> { }
        }
        m.setJMSType(random.nextInt(3) == 0 ? null : random.nextInt(3) == 0 ? anyText() : text());
        m.setJMSReplyTo(random.nextBoolean() ? null : destination());
        m.setJMSDestination(random.nextBoolean() ? null : destination());
    }

    private OspreyDestination destination() throws JMSException {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return OspreyDestination.of(kind, "d" + random.nextInt(1000) + "_%|-");
    }

    String name() {
        StringBuilder sb = new StringBuilder("p");
        sb.append(NAME_START.charAt(random.nextInt(NAME_START.length())));
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            sb.append(NAME_PART.charAt(random.nextInt(NAME_PART.length())));
        }
        return sb.toString();
    }

    Object propertyValue() {
        return switch (random.nextInt(11)) {
            case 0 -> random.nextBoolean();
            case 1 -> (byte) random.nextInt();
            case 2 -> (short) random.nextInt();
            case 3 -> random.nextInt();
            case 4 -> random.nextLong();
            case 5 -> floatValue();
            case 6 -> doubleValue();
            case 7 -> "";
            case 8 -> null;
            case 9 -> anyText();
            default -> text();
        };
    }

    Object bodyValue() {
        return switch (random.nextInt(13)) {
            case 0 -> random.nextBoolean();
            case 1 -> (byte) random.nextInt();
            case 2 -> (short) random.nextInt();
            case 3 -> (char) random.nextInt(0x10000);
            case 4 -> random.nextInt();
            case 5 -> random.nextLong();
            case 6 -> floatValue();
            case 7 -> doubleValue();
            case 8 -> null;
            case 9 -> {
                byte[] bytes = new byte[random.nextInt(10)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 10 -> anyText();
            default -> text();
        };
    }

    /** Text a RocketMQ property holds as it is: no separators, no unpaired surrogates. */
    String text() {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(16);
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

    /** Any Java String, unpaired surrogates and control characters included. */
    String anyText() {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(10);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(0x10000));
        }
        return sb.toString();
    }

    private float floatValue() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            Float.intBitsToFloat(0x7fc0beef)};
        if (random.nextInt(3) == 0) {
            return special[random.nextInt(special.length)];
        }
        float f = Float.intBitsToFloat(random.nextInt());
        return Float.isNaN(f) ? 0.5f : f;
    }

    private double doubleValue() {
        double[] special = {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.longBitsToDouble(0x7ff80000deadbeefL)};
        if (random.nextInt(3) == 0) {
            return special[random.nextInt(special.length)];
        }
        double d = Double.longBitsToDouble(random.nextLong());
        return Double.isNaN(d) ? 0.25 : d;
    }

    static List<String> propertyNames(OspreyMessage m) {
        List<String> names = new ArrayList<>();
        Enumeration<?> e = m.getPropertyNames();
        while (e.hasMoreElements()) {
            names.add((String) e.nextElement());
        }
        return names;
    }
}
