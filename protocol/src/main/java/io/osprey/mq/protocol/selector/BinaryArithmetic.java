package io.osprey.mq.protocol.selector;

/** {@code left op right} for {@code + - * /}: see {@link Numbers#apply}. */
final class BinaryArithmetic implements Operand {
    private final ArithmeticOperator op;
    private final Operand left;
    private final Operand right;

    BinaryArithmetic(ArithmeticOperator op, Operand left, Operand right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    public Object value(PropertySource source) {
        Object l = left.value(source);
        if (l == null) {
            return null;
        }
        return Numbers.apply(op, l, right.value(source));
    }
}
