package io.osprey.mq.protocol.selector;

/**
 * {@code e1 [NOT] BETWEEN e2 AND e3}, evaluated as the spec defines it (§3.8.1.1): {@code e1 >= e2 AND e1 <= e3},
 * and for NOT BETWEEN {@code e1 < e2 OR e1 > e3}, with the comparison rules of {@link Comparison}. So a string
 * value makes both forms FALSE and a NULL anywhere makes them UNKNOWN (unless the other bound decides).
 */
final class Between implements Condition {
    private final Operand value;
    private final Operand lower;
    private final Operand upper;
    private final boolean negated;

    Between(Operand value, Operand lower, Operand upper, boolean negated) {
        this.value = value;
        this.lower = lower;
        this.upper = upper;
        this.negated = negated;
    }

    @Override
    public Truth test(PropertySource source) {
        Object v = value.value(source);
        if (v == null) {
            return Truth.UNKNOWN;
        }
        Object lo = lower.value(source);
        Object hi = upper.value(source);
        if (negated) {
            return Truth.or(Comparison.evaluate(ComparisonOperator.LESS, v, lo),
                    Comparison.evaluate(ComparisonOperator.GREATER, v, hi));
        }
        return Truth.and(Comparison.evaluate(ComparisonOperator.GREATER_OR_EQUAL, v, lo),
                Comparison.evaluate(ComparisonOperator.LESS_OR_EQUAL, v, hi));
    }
}
