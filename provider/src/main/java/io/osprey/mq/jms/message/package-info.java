/**
 * The JMS message objects and how they become RocketMQ messages.
 *
 * <ul>
 *   <li>{@link io.osprey.mq.jms.message.OspreyMessage} and its five body types implement the spec's chapter 3:
 *       headers, properties with their conversions, bodies with theirs, read-only and write-only modes,
 *       {@code getBody}.</li>
 *   <li>{@link io.osprey.mq.jms.message.MessageCodec} encodes a message into an
 *       {@link io.osprey.mq.jms.message.EncodedMessage} (body bytes and RocketMQ properties) and decodes a received
 *       one; {@link io.osprey.mq.jms.message.ForeignMessages} first turns another provider's message into ours.</li>
 *   <li>{@link io.osprey.mq.jms.message.Acknowledger} is the receiving session's hook for
 *       {@code Message.acknowledge()}.</li>
 * </ul>
 */
package io.osprey.mq.jms.message;
