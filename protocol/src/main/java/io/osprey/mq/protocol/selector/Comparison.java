package io.osprey.mq.protocol.selector;

/**
 * {@code left op right} where neither side is a literal (a literal side compiles to {@link ConstantComparison}).
 *
 * <p>Rules (§3.8.1.1 "Comparison operators", §3.8.1.2): a NULL side gives UNKNOWN; numbers of any kind compare by
 * value after Java numeric promotion; strings and booleans compare with {@code =} and {@code <>} only, and an
 * ordering of two strings or two booleans (possible only when identifiers hold them) is UNKNOWN; values of unlike
 * types ("the comparison of non-like type values") give FALSE, for {@code <>} too.
 */
final class Comparison implements Condition {
    private final ComparisonOperator op;
    private final Operand left;
    private final Operand right;

    Comparison(ComparisonOperator op, Operand left, Operand right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    public Truth test(PropertySource source) {
        Object l = left.value(source);
        if (l == null) {
            return Truth.UNKNOWN;
        }
        return evaluate(op, l, right.value(source));
    }

    static Truth evaluate(ComparisonOperator op, Object l, Object r) {
        int kl = Values.kind(l);
        int kr = Values.kind(r);
        if (kl == Values.ABSENT || kr == Values.ABSENT) {
            return Truth.UNKNOWN;
        }
        if (Values.isNumeric(kl) && Values.isNumeric(kr)) {
            return Truth.of(op.holds(Numbers.compare((Number) l, kl, (Number) r, kr)));
        }
        if (kl != kr) {
            return Truth.FALSE;
        }
        if (op.isOrdering()) {
            return Truth.UNKNOWN;
        }
        return Truth.of(l.equals(r) == (op == ComparisonOperator.EQUAL));
    }
}
