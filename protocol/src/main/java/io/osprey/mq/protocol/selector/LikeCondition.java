package io.osprey.mq.protocol.selector;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']} (§3.8.1.1), defined for an identifier with a String value:
 * NULL and non-String values give UNKNOWN for both forms.
 */
final class LikeCondition implements Condition {
    private final String name;
    private final LikePattern pattern;
    private final boolean negated;

    LikeCondition(String name, LikePattern pattern, boolean negated) {
        this.name = name;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    public Truth test(PropertySource source) {
        if (source.value(name) instanceof String s) {
            return Truth.of(pattern.matches(s) != negated);
        }
        return Truth.UNKNOWN;
    }
}
