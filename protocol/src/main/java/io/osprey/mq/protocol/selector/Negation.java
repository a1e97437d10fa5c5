package io.osprey.mq.protocol.selector;

/** {@code NOT c} by table 3-6. */
final class Negation implements Condition {
    private final Condition operand;

    Negation(Condition operand) {
        this.operand = operand;
    }

    @Override
    public Truth test(PropertySource source) {
        return operand.test(source).not();
    }
}
