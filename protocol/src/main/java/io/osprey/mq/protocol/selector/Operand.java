package io.osprey.mq.protocol.selector;

/**
 * A compiled value expression: an identifier, a literal or arithmetic. Its value is null (SQL NULL) or one of
 * the types {@link Values#kind} knows. Immutable.
 */
interface Operand {
    Object value(PropertySource source);
}
