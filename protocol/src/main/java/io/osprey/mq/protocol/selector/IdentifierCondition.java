package io.osprey.mq.protocol.selector;

/**
 * An identifier used as a condition ({@code "myProp"}, {@code "NOT flag"}): its Boolean value, UNKNOWN when the
 * property is absent or not a boolean (§3.8.1.1: conditional expressions are composed of, among others,
 * "identifiers with boolean values").
 */
final class IdentifierCondition implements Condition {
    private final String name;

    IdentifierCondition(String name) {
        this.name = name;
    }

    @Override
    public Truth test(PropertySource source) {
        Object value = source.value(name);
        if (value instanceof Boolean b) {
            return b ? Truth.TRUE : Truth.FALSE;
        }
        return Truth.UNKNOWN;
    }
}
