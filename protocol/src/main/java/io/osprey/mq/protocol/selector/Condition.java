package io.osprey.mq.protocol.selector;

/** A compiled conditional expression: evaluates to a {@link Truth} without allocating. Immutable. */
interface Condition {
    Truth test(PropertySource source);
}
