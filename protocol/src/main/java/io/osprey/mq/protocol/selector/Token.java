package io.osprey.mq.protocol.selector;

/**
 * One lexical token of a selector. {@code text} is the identifier's name, the string literal's value (quotes
 * removed, {@code ''} undoubled), the number's source text, or the keyword or symbol as written.
 */
record Token(Kind kind, String text, int position) {

    enum Kind {
        IDENTIFIER, STRING, NUMBER,
        NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE, NULL, TRUE, FALSE,
        LEFT_PAREN, RIGHT_PAREN, COMMA,
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL,
        PLUS, MINUS, STAR, SLASH,
        END;

        boolean isKeyword() {
            return compareTo(NOT) >= 0 && compareTo(FALSE) <= 0;
        }
    }

    /** How an error message names this token. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the selector";
            case IDENTIFIER -> "identifier " + text;
            case STRING -> "string literal '" + text.replace("'", "''") + "'";
            case NUMBER -> "number " + text;
            default -> kind.isKeyword() ? "reserved word " + text : "'" + text + "'";
        };
    }
}
