/**
 * JMS destinations: {@link io.osprey.mq.jms.destination.OspreyQueue}, {@link io.osprey.mq.jms.destination.OspreyTopic}
 * and the temporary ones, each naming the RocketMQ topic that holds its messages.
 *
 * <p>Destinations are administered objects (spec chapter 5): immutable, safe to share between threads,
 * {@link java.io.Serializable} and {@link javax.naming.Referenceable}, so they can be bound in any JNDI tree and
 * rebuilt by {@link io.osprey.mq.jms.destination.OspreyDestinationFactory}. A name follows the broker's topic rules
 * ({@link io.osprey.mq.jms.destination.OspreyDestination#validateName}), checked when the object is made, so a bad
 * name fails at {@code createQueue}, not at the first send.
 *
 * <p>A temporary destination knows the connection that created it through
 * {@link io.osprey.mq.jms.destination.TemporaryDestinationOwner}; one that arrived as a {@code JMSReplyTo}, or was
 * deserialized, has none and cannot be deleted.
 */
package io.osprey.mq.jms.destination;
