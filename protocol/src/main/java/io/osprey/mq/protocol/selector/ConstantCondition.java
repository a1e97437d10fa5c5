package io.osprey.mq.protocol.selector;

/** A condition known at parse time: {@code TRUE}, {@code FALSE}, or a comparison of literals. */
final class ConstantCondition implements Condition {
    static final ConstantCondition TRUE = new ConstantCondition(Truth.TRUE);
    static final ConstantCondition FALSE = new ConstantCondition(Truth.FALSE);
    static final ConstantCondition UNKNOWN = new ConstantCondition(Truth.UNKNOWN);

    final Truth truth;

    private ConstantCondition(Truth truth) {
        this.truth = truth;
    }

    static ConstantCondition of(Truth truth) {
        return switch (truth) {
            case TRUE -> TRUE;
            case FALSE -> FALSE;
            case UNKNOWN -> UNKNOWN;
        };
    }

    @Override
    public Truth test(PropertySource source) {
        return truth;
    }
}
