package io.osprey.mq.protocol.body;

/**
 * A topic's queues on one broker name.
 *
 * @param perm bits: 0x4 READ, 0x2 WRITE, 0x1 INHERIT
 */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
}
