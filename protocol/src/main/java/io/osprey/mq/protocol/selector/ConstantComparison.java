package io.osprey.mq.protocol.selector;

/**
 * {@code operand op literal}, the usual shape ({@code weight > 2500}, {@code color = 'blue'}): the literal's kind
 * and its value in each promoted numeric type are worked out once, so evaluation unboxes only the operand.
 * Same rules as {@link Comparison}.
 */
final class ConstantComparison implements Condition {
    private final Operand operand;
    private final ComparisonOperator op;
    private final Object constant;
    private final int constantKind;
    private final long longValue;
    private final float floatValue;
    private final double doubleValue;

    ConstantComparison(Operand operand, ComparisonOperator op, Object constant) {
        this.operand = operand;
        this.op = op;
        this.constant = constant;
        this.constantKind = Values.kind(constant);
        if (Values.isNumeric(constantKind)) {
            Number n = (Number) constant;
            longValue = n.longValue();
            floatValue = n.floatValue();
            doubleValue = n.doubleValue();
        } else {
            longValue = 0;
            floatValue = 0;
            doubleValue = 0;
        }
    }

    @Override
    public Truth test(PropertySource source) {
        Object value = operand.value(source);
        int kind = Values.kind(value);
        if (kind == Values.ABSENT) {
            return Truth.UNKNOWN;
        }
        if (Values.isNumeric(kind)) {
            if (!Values.isNumeric(constantKind)) {
                return Truth.FALSE;
            }
            Number n = (Number) value;
            int order = switch (Math.max(kind, constantKind)) {
                case Values.INT, Values.LONG -> Numbers.compareLongs(n.longValue(), longValue);
                case Values.FLOAT -> Numbers.compareFloats(n.floatValue(), floatValue);
                default -> Numbers.compareDoubles(n.doubleValue(), doubleValue);
            };
            return Truth.of(op.holds(order));
        }
        if (kind != constantKind) {
            return Truth.FALSE;
        }
        if (op.isOrdering()) {
            return Truth.UNKNOWN;
        }
        return Truth.of(constant.equals(value) == (op == ComparisonOperator.EQUAL));
    }
}
