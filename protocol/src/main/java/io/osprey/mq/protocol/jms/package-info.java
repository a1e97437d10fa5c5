/**
 * How a Jakarta Messaging message travels as a RocketMQ message: shared by the JMS provider, which encodes and
 * decodes whole messages, and the broker, which reads single typed values (selectors, priority, expiry) straight
 * from the stored properties. No {@code jakarta.jms} types here.
 *
 * <pre>
 *   JMS message                         RocketMQ message
 *   -----------                         ----------------
 *   JMSMessageID  "ID:" + k        &lt;-&gt;  property UNIQ_KEY = k
 *   other headers                  &lt;-&gt;  properties named after the header (JMSPriority, JMSReplyTo, ...)
 *   properties    name = value     &lt;-&gt;  property name = value.toString(), type in OSPREY_TYPES when not String
 *   body type                      &lt;-&gt;  property OSPREY_BODY (absent: bytes)
 *   body                           &lt;-&gt;  body bytes
 * </pre>
 *
 * <ul>
 *   <li>{@link io.osprey.mq.protocol.jms.JmsHeaders}: the property names and which names are reserved.</li>
 *   <li>{@link io.osprey.mq.protocol.jms.TypedProperties}, {@link io.osprey.mq.protocol.jms.TypedPropertyWriter}:
 *       typed JMS properties as RocketMQ strings, and the lazy typed lookup the broker's selector evaluation
 *       uses.</li>
 *   <li>{@link io.osprey.mq.protocol.jms.JmsBodyType}: the values of {@code OSPREY_BODY}.</li>
 *   <li>{@link io.osprey.mq.protocol.jms.JmsDestinationAddress}: the string form of a destination
 *       ({@code queue://name}) carried by {@code JMSReplyTo} and {@code JMSDestination}.</li>
 *   <li>{@link io.osprey.mq.protocol.jms.MessageIds}: UNIQ_KEY values in the stock client's format.</li>
 * </ul>
 */
package io.osprey.mq.protocol.jms;
