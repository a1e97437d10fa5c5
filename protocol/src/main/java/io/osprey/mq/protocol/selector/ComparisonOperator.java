package io.osprey.mq.protocol.selector;

/** The comparison operators of §3.8.1.1; only {@code =} and {@code <>} apply to strings and booleans. */
enum ComparisonOperator {
    EQUAL("="), NOT_EQUAL("<>"), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /** The operator that gives the same result with the operands swapped. */
    ComparisonOperator mirrored() {
        return switch (this) {
            case LESS -> GREATER;
            case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
            case GREATER -> LESS;
            case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
            default -> this;
        };
    }

    /**
     * Whether the operator holds for an order from {@link Numbers#compareLongs} and friends. As in Java, every
     * comparison with NaN is false except {@code <>}.
     */
    boolean holds(int order) {
        return switch (this) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case LESS -> order == -1;
            case LESS_OR_EQUAL -> order == -1 || order == 0;
            case GREATER -> order == 1;
            case GREATER_OR_EQUAL -> order == 1 || order == 0;
        };
    }
}
