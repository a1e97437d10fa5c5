package io.osprey.mq.protocol.selector;

import java.util.Set;

/**
 * {@code identifier [NOT] IN ('a', 'b', …)} (§3.8.1.1), defined for an identifier with "a String or NULL value":
 * NULL gives UNKNOWN, and so does a value that is not a String — the Jakarta Messaging TCK requires that
 * {@code myProp NOT IN ('foo', …)} does not select a message whose {@code myProp} is an int.
 */
final class InList implements Condition {
    private final String name;
    private final Set<String> values;
    private final boolean negated;

    InList(String name, Set<String> values, boolean negated) {
        this.name = name;
        this.values = Set.copyOf(values);
        this.negated = negated;
    }

    @Override
    public Truth test(PropertySource source) {
        if (source.value(name) instanceof String s) {
            return Truth.of(values.contains(s) != negated);
        }
        return Truth.UNKNOWN;
    }
}
