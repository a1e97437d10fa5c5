package io.osprey.mq.protocol.selector;

/** A header or property reference used as a value. */
final class Identifier implements Operand {
    final String name;

    Identifier(String name) {
        this.name = name;
    }

    @Override
    public Object value(PropertySource source) {
        return source.value(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
