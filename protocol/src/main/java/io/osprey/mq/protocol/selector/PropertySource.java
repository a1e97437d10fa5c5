package io.osprey.mq.protocol.selector;

import java.util.Map;

/**
 * Where a {@link MessageSelector} reads the value of each identifier it references (Jakarta Messaging 3.1,
 * §3.8.1.1 "Identifiers"): a message's header fields and properties, as the caller decoded them.
 *
 * <p>{@link #value} returns the value as one of the eight types a selector knows: {@link Boolean}, {@link Byte},
 * {@link Short}, {@link Integer}, {@link Long}, {@link Float}, {@link Double} or {@link String}, exactly as the
 * property was set (§3.8.1.1: "the conversions that apply to the get methods for properties do not apply" — a
 * property set with {@code setStringProperty("n", "2")} must be returned as the String {@code "2"}, never as a
 * number). It returns {@code null} when the message has no such property or the header is null. Any other type
 * is treated as {@code NULL}. Names are case-sensitive.
 *
 * <p>The selector does not know what a header is; the caller maps header names to values. The spec allows these
 * header references (§3.8.1.1) and fixes their selector types:
 * <table>
 *   <caption>Header identifiers</caption>
 *   <tr><th>identifier</th><th>return</th></tr>
 *   <tr><td>{@code JMSDeliveryMode}</td><td>the String {@code "PERSISTENT"} or {@code "NON_PERSISTENT"}
 *       (§3.8.1.3), never the int constant</td></tr>
 *   <tr><td>{@code JMSPriority}</td><td>{@link Integer} 0–9</td></tr>
 *   <tr><td>{@code JMSMessageID}</td><td>String ({@code "ID:…"}), or null when the producer disabled it</td></tr>
 *   <tr><td>{@code JMSTimestamp}</td><td>{@link Long} milliseconds since the epoch (0 when disabled)</td></tr>
 *   <tr><td>{@code JMSCorrelationID}</td><td>String, or null when unset (a {@code byte[]} correlation ID is
 *       not portable: return null)</td></tr>
 *   <tr><td>{@code JMSType}</td><td>String, or null when unset</td></tr>
 * </table>
 * Names beginning with {@code JMSX} are Jakarta Messaging defined properties and are resolved like any property
 * (e.g. {@code JMSXDeliveryCount} an Integer, {@code JMSXGroupID} a String, {@code JMSXGroupSeq} an Integer),
 * null when the message does not carry them; {@code JMS_<vendor>} names are provider properties. The spec gives
 * selectors no access to the other headers ({@code JMSDestination}, {@code JMSReplyTo}, {@code JMSExpiration},
 * {@code JMSRedelivered}, {@code JMSDeliveryTime}): for those names, and any other name beginning with
 * {@code JMS}, a portable source returns null.
 *
 * <p>A source is called from the thread evaluating the selector and only for identifiers in
 * {@link MessageSelector#identifiers()}; it may be called more than once for the same name in one evaluation.
 */
@FunctionalInterface
public interface PropertySource {

    /** The value of {@code identifier} (a header or property name), or null when absent. */
    Object value(String identifier);

    /** A source backed by {@code values} (not copied); a missing key or a null value is absent. */
    static PropertySource of(Map<String, ?> values) {
        return values::get;
    }
}
