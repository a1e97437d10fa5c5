package io.osprey.mq.protocol.selector;

/**
 * A message selector that is not valid: bad syntax, or a type error visible without any message (Jakarta
 * Messaging 3.1, §3.8.1.1: "a method providing a syntactically incorrect selector must result in a Jakarta
 * Messaging InvalidSelectorException"). The JMS provider maps it to {@code InvalidSelectorException}
 * ({@code InvalidSelectorRuntimeException} in the simplified API); the broker refuses the subscription.
 *
 * <p>{@link #position()} is the 0-based index of the character in {@link #selector()} where the problem is
 * (the selector's length when it is at the end); the message names the problem, that position and the selector.
 */
public class SelectorSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String selector;
    private final int position;
    private final String problem;

    public SelectorSyntaxException(String problem, String selector, int position) {
        super(problem + " at position " + position + " in selector \"" + selector + "\"");
        this.selector = selector;
        this.position = position;
        this.problem = problem;
    }

    /** The selector expression as given. */
    public String selector() {
        return selector;
    }

    /** The 0-based index in {@link #selector()} of the offending character. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position and selector. */
    public String problem() {
        return problem;
    }
}
