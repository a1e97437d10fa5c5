package io.osprey.mq.protocol.selector;

/** The binary arithmetic operators of §3.8.1.1. */
enum ArithmeticOperator {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/");

    final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }
}
