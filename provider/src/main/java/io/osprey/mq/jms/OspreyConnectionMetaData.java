package io.osprey.mq.jms;

import io.osprey.mq.protocol.jms.JmsHeaders;
import jakarta.jms.ConnectionMetaData;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What {@code Connection.getMetaData()} answers: the Jakarta Messaging version implemented (3.1), the provider and
 * its version (the jar's {@code Implementation-Version}, "development" when run from classes), and the JMSX
 * properties it supports (spec 3.5.9): {@code JMSXDeliveryCount}, set on every received message, and
 * {@code JMSXGroupID}/{@code JMSXGroupSeq}, which every provider must support.
 */
final class OspreyConnectionMetaData implements ConnectionMetaData {
    static final String PROVIDER_NAME = "Osprey MQ";
    private static final List<String> JMSX_PROPERTIES = List.of(JmsHeaders.JMSX_GROUP_ID, JmsHeaders.JMSX_GROUP_SEQ,
            JmsHeaders.JMSX_DELIVERY_COUNT);

    private final String providerVersion;
    private final int providerMajor;
    private final int providerMinor;

    OspreyConnectionMetaData() {
        this(OspreyConnectionMetaData.class.getPackage().getImplementationVersion());
    }

    OspreyConnectionMetaData(String implementationVersion) {
        this.providerVersion = implementationVersion == null ? "development" : implementationVersion;
        String[] parts = providerVersion.split("[.\\-]");
        this.providerMajor = parts.length > 0 ? leadingNumber(parts[0]) : 0;
        this.providerMinor = parts.length > 1 ? leadingNumber(parts[1]) : 0;
    }

    private static int leadingNumber(String part) {
        int end = 0;
        while (end < part.length() && end < 9 && Character.isDigit(part.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(part.substring(0, end));
    }

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return PROVIDER_NAME;
    }

    @Override
    public String getProviderVersion() {
        return providerVersion;
    }

    @Override
    public int getProviderMajorVersion() {
        return providerMajor;
    }

    @Override
    public int getProviderMinorVersion() {
        return providerMinor;
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(JMSX_PROPERTIES);
    }
}
