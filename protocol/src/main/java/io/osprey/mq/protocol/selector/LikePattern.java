package io.osprey.mq.protocol.selector;

import java.util.Arrays;

/**
 * A compiled LIKE pattern (§3.8.1.1): {@code _} stands for any one character, {@code %} for any sequence of
 * characters including none, and every other character — regex metacharacters included — for itself. The
 * escape character makes the {@code _}, {@code %} or escape character after it literal; followed by anything
 * else, or ending the pattern, it is an error (SQL92 §8.5, "invalid escape sequence"). Characters are Unicode
 * code points, so {@code _} matches a supplementary character whole.
 *
 * <p>No regex: patterns that are a literal, a literal prefix ({@code 'abc%'}), suffix ({@code '%abc'}) or
 * infix ({@code '%abc%'}) use {@link String} methods; others run a backtracking wildcard matcher that keeps only
 * the position of the last {@code %} (O(pattern × value) at worst, no allocation).
 */
final class LikePattern {
    private static final int ANY_ONE = -1;
    private static final int ANY_SEQUENCE = -2;

    private enum Shape { EXACT, PREFIX, SUFFIX, INFIX, ANYTHING, GENERAL }

    private final Shape shape;
    /** The literal of the EXACT, PREFIX, SUFFIX and INFIX shapes. */
    private final String literal;
    /** Code points, {@link #ANY_ONE} and {@link #ANY_SEQUENCE} (never two in a row). */
    private final int[] elements;

    private LikePattern(Shape shape, String literal, int[] elements) {
        this.shape = shape;
        this.literal = literal;
        this.elements = elements;
    }

    /**
     * Compiles {@code pattern} with escape code point {@code escape} (-1 for none).
     *
     * @throws SelectorSyntaxException at {@code position} of {@code selector} for an invalid escape sequence
     */
    static LikePattern compile(String pattern, int escape, String selector, int position) {
        int[] elements = new int[pattern.length()];
        int count = 0;
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            int element;
            if (cp == escape) {
                if (i >= pattern.length()) {
                    throw new SelectorSyntaxException("LIKE pattern ends with its escape character '"
                            + new String(Character.toChars(escape)) + "'", selector, position);
                }
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                if (next != '_' && next != '%' && next != escape) {
                    throw new SelectorSyntaxException("in a LIKE pattern the escape character '"
                            + new String(Character.toChars(escape)) + "' must be followed by '_', '%' or itself, not '"
                            + new String(Character.toChars(next)) + "'", selector, position);
                }
                element = next;
            } else if (cp == '_') {
                element = ANY_ONE;
            } else if (cp == '%') {
                element = ANY_SEQUENCE;
            } else {
                element = cp;
            }
            if (element == ANY_SEQUENCE && count > 0 && elements[count - 1] == ANY_SEQUENCE) {
                continue;
            }
            elements[count++] = element;
        }
        return shapeOf(Arrays.copyOf(elements, count));
    }

    private static LikePattern shapeOf(int[] elements) {
        int n = elements.length;
        boolean leading = n > 0 && elements[0] == ANY_SEQUENCE;
        boolean trailing = n > 0 && elements[n - 1] == ANY_SEQUENCE;
        if (n == 1 && leading) {
            return new LikePattern(Shape.ANYTHING, null, elements);
        }
        int from = leading ? 1 : 0;
        int to = trailing ? n - 1 : n;
        for (int i = from; i < to; i++) {
            if (elements[i] < 0) {
                return new LikePattern(Shape.GENERAL, null, elements);
            }
        }
        String literal = new String(elements, from, to - from);
        Shape shape = leading ? (trailing ? Shape.INFIX : Shape.SUFFIX) : (trailing ? Shape.PREFIX : Shape.EXACT);
        return new LikePattern(shape, literal, elements);
    }

    boolean matches(String value) {
        return switch (shape) {
            case EXACT -> value.equals(literal);
            case PREFIX -> value.startsWith(literal);
            case SUFFIX -> value.endsWith(literal);
            case INFIX -> value.contains(literal);
            case ANYTHING -> true;
            case GENERAL -> matchesGeneral(value);
        };
    }

    private boolean matchesGeneral(String value) {
        int[] pattern = elements;
        int p = 0;
        int s = 0;
        int lastSequence = -1;
        int resumeAt = 0;
        int length = value.length();
        while (s < length) {
            if (p < pattern.length) {
                int element = pattern[p];
                if (element == ANY_SEQUENCE) {
                    lastSequence = p++;
                    resumeAt = s;
                    continue;
                }
                int cp = value.codePointAt(s);
                if (element == ANY_ONE || element == cp) {
                    p++;
                    s += Character.charCount(cp);
                    continue;
                }
            }
            if (lastSequence < 0) {
                return false;
            }
            // Let the last % swallow one more character and retry the rest of the pattern after it.
            resumeAt += Character.charCount(value.codePointAt(resumeAt));
            s = resumeAt;
            p = lastSequence + 1;
        }
        while (p < pattern.length && pattern[p] == ANY_SEQUENCE) {
            p++;
        }
        return p == pattern.length;
    }
}
