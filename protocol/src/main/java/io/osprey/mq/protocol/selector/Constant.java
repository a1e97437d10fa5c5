package io.osprey.mq.protocol.selector;

/** A literal (or an expression of literals folded at parse time), boxed once. */
final class Constant implements Operand {
    final Object value;

    Constant(Object value) {
        this.value = value;
    }

    @Override
    public Object value(PropertySource source) {
        return value;
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
