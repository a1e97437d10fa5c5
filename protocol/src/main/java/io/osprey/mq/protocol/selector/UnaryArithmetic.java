package io.osprey.mq.protocol.selector;

/** Unary {@code -} or {@code +} on a non-literal operand (on a literal it is folded at parse time). */
final class UnaryArithmetic implements Operand {
    private final Operand operand;
    private final boolean minus;

    UnaryArithmetic(Operand operand, boolean minus) {
        this.operand = operand;
        this.minus = minus;
    }

    @Override
    public Object value(PropertySource source) {
        Object v = operand.value(source);
        return minus ? Numbers.negate(v) : Numbers.promote(v);
    }
}
