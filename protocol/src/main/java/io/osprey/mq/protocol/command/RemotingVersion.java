package io.osprey.mq.protocol.command;

/**
 * The {@code version} field Osprey puts in its headers: the ordinal of RocketMQ's {@code MQVersion}
 * whose wire behaviour Osprey implements. Clients store the broker's value from the HEART_BEAT reply
 * and refuse SQL92 subscriptions below 232, so it must be realistic.
 */
public final class RemotingVersion {
    /** RocketMQ 5.3.1. */
    public static final int CURRENT = 475;
    /** The version string reported by GET_BROKER_RUNTIME_INFO. */
    public static final String CURRENT_DESC = "V5_3_1";

    private RemotingVersion() {
    }
}
