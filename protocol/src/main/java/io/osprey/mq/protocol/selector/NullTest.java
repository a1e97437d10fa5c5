package io.osprey.mq.protocol.selector;

/**
 * {@code identifier IS [NOT] NULL} (§3.8.1.1): never UNKNOWN. A value of a type selectors do not know counts as
 * NULL, as it does everywhere else.
 */
final class NullTest implements Condition {
    private final String name;
    private final boolean negated;

    NullTest(String name, boolean negated) {
        this.name = name;
        this.negated = negated;
    }

    @Override
    public Truth test(PropertySource source) {
        boolean isNull = Values.kind(source.value(name)) == Values.ABSENT;
        return Truth.of(isNull != negated);
    }
}
