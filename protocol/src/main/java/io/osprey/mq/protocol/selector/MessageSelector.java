package io.osprey.mq.protocol.selector;

import java.util.Set;

/**
 * A compiled Jakarta Messaging message selector (Jakarta Messaging 3.1, §3.8.1): the one implementation the
 * broker evaluates in its store read loop and the JMS client uses to reject a bad selector when a consumer is
 * created.
 *
 * <p>{@link #parse} checks the whole grammar and every type rule that holds without a message, and compiles the
 * expression once into a tree of small evaluator nodes; {@link #matches} then only walks that tree — no parsing,
 * no regex, no allocation except for the results of arithmetic. Instances are immutable and safe to share
 * between threads.
 *
 * <p>A message matches when the selector evaluates to TRUE; FALSE and UNKNOWN (SQL's NULL, e.g. a comparison
 * with an absent property) do not match. See the package documentation for the language and how each operator
 * treats NULL and values of the wrong type.
 *
 * <pre>{@code
 * MessageSelector selector = MessageSelector.parse("JMSType = 'car' AND color = 'blue' AND weight > 2500");
 * selector.identifiers();                                  // [JMSType, color, weight]: decode only these
 * selector.matches(name -> properties.get(name));          // per candidate message
 * }</pre>
 */
public final class MessageSelector {
    /** The selector of a consumer without one: matches every message. */
    public static final MessageSelector ALL = new MessageSelector("", ConstantCondition.TRUE, Set.of());

    private final String expression;
    private final Condition root;
    private final Set<String> identifiers;

    MessageSelector(String expression, Condition root, Set<String> identifiers) {
        this.expression = expression;
        this.root = root;
        this.identifiers = identifiers;
    }

    /**
     * Compiles {@code expression}. A null expression, or one of white space only, is no selector (§3.8.1.1: an
     * empty selector "is treated as a null") and gives {@link #ALL}.
     *
     * @throws SelectorSyntaxException if the expression is not a valid selector
     */
    public static MessageSelector parse(String expression) {
        if (expression == null || isBlank(expression)) {
            return ALL;
        }
        return SelectorParser.parse(expression);
    }

    /**
     * Whether the message whose header fields and properties {@code source} gives is selected: true only when
     * the expression evaluates to TRUE. Never throws for any value {@code source} returns.
     */
    public boolean matches(PropertySource source) {
        return root.test(source) == Truth.TRUE;
    }

    /** The expression as given to {@link #parse}; empty for {@link #ALL}. */
    public String expression() {
        return expression;
    }

    /**
     * Every identifier the expression references, in order of first appearance, unmodifiable: the only names
     * {@link #matches} asks its source for (the broker decodes only these properties). Empty for {@link #ALL}.
     */
    public Set<String> identifiers() {
        return identifiers;
    }

    /** Two selectors are equal when their expressions are the same text. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MessageSelector s && s.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static boolean isBlank(String expression) {
        for (int i = 0; i < expression.length(); i++) {
            if (!SelectorLexer.isWhitespace(expression.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
