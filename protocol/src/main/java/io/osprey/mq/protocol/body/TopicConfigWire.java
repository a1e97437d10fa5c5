package io.osprey.mq.protocol.body;

/**
 * One topic as a broker describes it in REGISTER_BROKER and UPDATE_AND_CREATE_TOPIC.
 *
 * @param perm bits: 0x4 READ, 0x2 WRITE, 0x1 INHERIT
 */
public record TopicConfigWire(String topicName, int readQueueNums, int writeQueueNums, int perm,
                              String topicFilterType, int topicSysFlag, boolean order) {
}
