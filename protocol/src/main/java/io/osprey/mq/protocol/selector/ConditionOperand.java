package io.osprey.mq.protocol.selector;

/** A condition compared as a boolean value, as in {@code (a > 1) = TRUE}: UNKNOWN is NULL. */
final class ConditionOperand implements Operand {
    private final Condition condition;

    ConditionOperand(Condition condition) {
        this.condition = condition;
    }

    @Override
    public Object value(PropertySource source) {
        return switch (condition.test(source)) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case UNKNOWN -> null;
        };
    }
}
