package io.osprey.mq.protocol.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a selector into {@link Token}s (§3.8.1.1): string literals in single quotes with {@code ''} for a quote;
 * numbers in Java literal syntax (the extent is taken here, the value checked by {@link NumericLiteral});
 * identifiers of Java identifier characters, except the case-insensitive reserved words; the operators; and
 * Java's white space only (space, tab, form feed, line terminators).
 */
final class SelectorLexer {
    private final String selector;
    private final List<Token> tokens = new ArrayList<>();
    private int index;

    private SelectorLexer(String selector) {
        this.selector = selector;
    }

    /** The tokens of {@code selector}, ending with one {@link Token.Kind#END}. */
    static List<Token> tokenize(String selector) {
        SelectorLexer lexer = new SelectorLexer(selector);
        lexer.run();
        return lexer.tokens;
    }

    /** Java white space (JLS 3.6), the only white space §3.8.1.1 allows. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    private void run() {
        int length = selector.length();
        while (true) {
            while (index < length && isWhitespace(selector.charAt(index))) {
                index++;
            }
            if (index >= length) {
                tokens.add(new Token(Token.Kind.END, "", length));
                return;
            }
            int start = index;
            char c = selector.charAt(index);
            if (c == '\'') {
                string(start);
            } else if (isDigit(c) || (c == '.' && index + 1 < length && isDigit(selector.charAt(index + 1)))) {
                number(start);
            } else if (Character.isJavaIdentifierStart(selector.codePointAt(index))) {
                word(start);
            } else {
                symbol(start, c);
            }
        }
    }

    private void string(int start) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (true) {
            int quote = selector.indexOf('\'', i);
            if (quote < 0) {
                throw new SelectorSyntaxException("unterminated string literal", selector, start);
            }
            value.append(selector, i, quote);
            if (quote + 1 < selector.length() && selector.charAt(quote + 1) == '\'') {
                value.append('\'');
                i = quote + 2;
            } else {
                index = quote + 1;
                tokens.add(new Token(Token.Kind.STRING, value.toString(), start));
                return;
            }
        }
    }

    /**
     * Takes the longest run that could belong to a Java numeric literal: letters, digits, '_' and '.', and a sign
     * right after an exponent marker ('e' in decimal, 'p' in hexadecimal, where 'e' is a digit). Whether the run
     * is a valid literal is {@link NumericLiteral}'s question, so {@code 12abc} is one bad number, not two tokens.
     */
    private void number(int start) {
        int length = selector.length();
        boolean hex = start + 1 < length && selector.charAt(start) == '0'
                && (selector.charAt(start + 1) == 'x' || selector.charAt(start + 1) == 'X');
        int i = hex ? start + 2 : start;
        while (i < length) {
            char c = selector.charAt(i);
            if (isAsciiLetterOrDigit(c) || c == '_' || c == '.') {
                i++;
                boolean exponent = hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E');
                if (exponent && i < length && (selector.charAt(i) == '+' || selector.charAt(i) == '-')) {
                    i++;
                }
            } else if (Character.isJavaIdentifierPart(selector.codePointAt(i))) {
                throw new SelectorSyntaxException("malformed number " + selector.substring(start, i + 1),
                        selector, start);
            } else {
                break;
            }
        }
        index = i;
        tokens.add(new Token(Token.Kind.NUMBER, selector.substring(start, i), start));
    }

    private void word(int start) {
        int length = selector.length();
        int i = start + Character.charCount(selector.codePointAt(start));
        while (i < length) {
            int cp = selector.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        index = i;
        String word = selector.substring(start, i);
        tokens.add(new Token(keyword(word), word, start));
    }

    /** Reserved words are matched on ASCII letters only, so that e.g. a dotless ı never reads as IN. */
    private static Token.Kind keyword(String word) {
        for (Token.Kind kind : Token.Kind.values()) {
            if (kind.isKeyword() && asciiEqualsIgnoreCase(word, kind.name())) {
                return kind;
            }
        }
        return Token.Kind.IDENTIFIER;
    }

    private static boolean asciiEqualsIgnoreCase(String word, String upperCaseKeyword) {
        if (word.length() != upperCaseKeyword.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            char upper = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
            if (upper != upperCaseKeyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void symbol(int start, char c) {
        char next = start + 1 < selector.length() ? selector.charAt(start + 1) : '\0';
        switch (c) {
            case '(' -> add(Token.Kind.LEFT_PAREN, 1);
            case ')' -> add(Token.Kind.RIGHT_PAREN, 1);
            case ',' -> add(Token.Kind.COMMA, 1);
            case '=' -> add(Token.Kind.EQUAL, 1);
            case '+' -> add(Token.Kind.PLUS, 1);
            case '-' -> add(Token.Kind.MINUS, 1);
            case '*' -> add(Token.Kind.STAR, 1);
            case '/' -> add(Token.Kind.SLASH, 1);
            case '<' -> {
                if (next == '>') {
                    add(Token.Kind.NOT_EQUAL, 2);
                } else if (next == '=') {
                    add(Token.Kind.LESS_OR_EQUAL, 2);
                } else {
                    add(Token.Kind.LESS, 1);
                }
            }
            case '>' -> {
                if (next == '=') {
                    add(Token.Kind.GREATER_OR_EQUAL, 2);
                } else {
                    add(Token.Kind.GREATER, 1);
                }
            }
            case '!' -> throw new SelectorSyntaxException(
                    "unexpected character '!' (not equal is <>, negation is NOT)", selector, start);
            case '"' -> throw new SelectorSyntaxException(
                    "unexpected character '\"' (string literals use single quotes)", selector, start);
            default -> throw new SelectorSyntaxException("unexpected character " + describe(selector.codePointAt(start)),
                    selector, start);
        }
    }

    private void add(Token.Kind kind, int width) {
        tokens.add(new Token(kind, selector.substring(index, index + width), index));
        index += width;
    }

    private static String describe(int cp) {
        String hex = String.format("U+%04X", cp);
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                ? hex : "'" + new String(Character.toChars(cp)) + "' (" + hex + ")";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
