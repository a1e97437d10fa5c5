package io.osprey.mq.protocol.selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser and type checker of the selector grammar (§3.8.1.1); it builds the evaluator tree
 * directly. Precedence, loosest first:
 *
 * <pre>
 * selector       = or END
 * or             = and { OR and }
 * and            = not { AND not }
 * not            = NOT not | comparison
 * comparison     = additive [ ( '=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) additive
 *                           | [NOT] BETWEEN additive AND additive
 *                           | [NOT] IN '(' string { ',' string } ')'       (left side an identifier)
 *                           | [NOT] LIKE string [ ESCAPE string ]          (left side an identifier)
 *                           | IS [NOT] NULL ]                              (left side an identifier)
 * additive       = multiplicative { ( '+' | '-' ) multiplicative }
 * multiplicative = unary { ( '*' | '/' ) unary }
 * unary          = ( '+' | '-' ) unary | primary
 * primary        = identifier | string | number | TRUE | FALSE | '(' or ')'
 * </pre>
 *
 * Every expression carries a {@link StaticType}; a conflict between two known types (arithmetic on a string, a
 * boolean compared with a number, {@code >} on a string, a number where a condition is needed) is a
 * {@link SelectorSyntaxException}. Expressions of literals only are folded to constants. Nesting (parentheses,
 * unary operators, NOT) and the height of the tree are bounded, so that neither parsing nor evaluation can run
 * out of stack; AND and OR chains are flat nodes and cost no height.
 */
final class SelectorParser {
    static final int MAX_NESTING = 256;
    static final int MAX_HEIGHT = 512;

    private final String selector;
    private final List<Token> tokens;
    private final Set<String> identifiers = new LinkedHashSet<>();
    private int next;
    private int nesting;

    /** A parsed expression: a condition (type BOOLEAN) or an operand, with what the checks need. */
    private record Parsed(Condition condition, Operand operand, StaticType type, int position, int height) {
        static Parsed ofCondition(Condition condition, int position, int height) {
            return new Parsed(condition, null, StaticType.BOOLEAN, position, height);
        }

        static Parsed ofOperand(Operand operand, StaticType type, int position, int height) {
            return new Parsed(null, operand, type, position, height);
        }

        boolean isConstant() {
            return operand instanceof Constant;
        }

        Object constant() {
            return ((Constant) operand).value;
        }
    }

    private SelectorParser(String selector) {
        this.selector = selector;
        this.tokens = SelectorLexer.tokenize(selector);
    }

    /** The compiled selector; {@code selector} must not be blank. */
    static MessageSelector parse(String selector) {
        SelectorParser parser = new SelectorParser(selector);
        Condition root = parser.selector();
        return new MessageSelector(selector, root, Collections.unmodifiableSet(parser.identifiers));
    }

    private Condition selector() {
        Parsed expression = or();
        Token end = peek();
        if (end.kind() != Token.Kind.END) {
            throw error("unexpected " + end.describe() + " after a complete expression", end.position());
        }
        return condition(expression, "a selector must be a conditional (boolean) expression");
    }

    private Parsed or() {
        Parsed first = and();
        if (peek().kind() != Token.Kind.OR) {
            return first;
        }
        List<Condition> terms = new ArrayList<>();
        terms.add(condition(first, "OR needs conditions on both sides"));
        int height = first.height();
        while (accept(Token.Kind.OR)) {
            Parsed term = and();
            terms.add(condition(term, "OR needs conditions on both sides"));
            height = Math.max(height, term.height());
        }
        return Parsed.ofCondition(new Disjunction(terms.toArray(Condition[]::new)), first.position(), height + 1);
    }

    private Parsed and() {
        Parsed first = not();
        if (peek().kind() != Token.Kind.AND) {
            return first;
        }
        List<Condition> terms = new ArrayList<>();
        terms.add(condition(first, "AND needs conditions on both sides"));
        int height = first.height();
        while (accept(Token.Kind.AND)) {
            Parsed term = not();
            terms.add(condition(term, "AND needs conditions on both sides"));
            height = Math.max(height, term.height());
        }
        return Parsed.ofCondition(new Conjunction(terms.toArray(Condition[]::new)), first.position(), height + 1);
    }

    private Parsed not() {
        Token not = peek();
        if (not.kind() != Token.Kind.NOT) {
            return comparison();
        }
        next++;
        enter(not);
        Parsed operand = not();
        nesting--;
        Condition inner = condition(operand, "NOT needs a condition");
        Condition negated = inner instanceof ConstantCondition c ? ConstantCondition.of(c.truth.not()) : new Negation(inner);
        return Parsed.ofCondition(negated, not.position(), height(operand.height() + 1, not));
    }

    private Parsed comparison() {
        Parsed left = additive();
        Token operator = peek();
        ComparisonOperator op = comparisonOperator(operator.kind());
        if (op != null) {
            next++;
            Parsed right = additive();
            return compare(op, left, right, operator);
        }
        boolean negated = false;
        if (operator.kind() == Token.Kind.NOT) {
            next++;
            negated = true;
            Token after = peek();
            if (after.kind() != Token.Kind.BETWEEN && after.kind() != Token.Kind.IN && after.kind() != Token.Kind.LIKE) {
                throw error("expected BETWEEN, IN or LIKE after NOT but found " + after.describe(), after.position());
            }
            operator = after;
        }
        switch (operator.kind()) {
            case BETWEEN:
                next++;
                return between(left, negated, operator);
            case IN:
                next++;
                return in(left, negated, operator);
            case LIKE:
                next++;
                return like(left, negated, operator);
            case IS:
                next++;
                return isNull(left, operator);
            default:
                return left;
        }
    }

    private Parsed compare(ComparisonOperator op, Parsed left, Parsed right, Token operator) {
        if (op.isOrdering()) {
            for (Parsed side : List.of(left, right)) {
                if (side.type() == StaticType.STRING || side.type() == StaticType.BOOLEAN) {
                    throw error("'" + op.symbol + "' cannot compare " + side.type().description
                            + ": strings and booleans compare only with = and <>", operator.position());
                }
            }
        } else if (left.type().isKnown() && right.type().isKnown() && left.type() != right.type()) {
            throw error("'" + op.symbol + "' cannot compare " + left.type().description + " with "
                    + right.type().description, operator.position());
        }
        int height = height(Math.max(left.height(), right.height()) + 1, operator);
        Operand l = operand(left);
        Operand r = operand(right);
        Condition condition;
        if (left.isConstant() && right.isConstant()) {
            condition = ConstantCondition.of(Comparison.evaluate(op, left.constant(), right.constant()));
        } else if (right.isConstant()) {
            condition = new ConstantComparison(l, op, right.constant());
        } else if (left.isConstant()) {
            condition = new ConstantComparison(r, op.mirrored(), left.constant());
        } else {
            condition = new Comparison(op, l, r);
        }
        return Parsed.ofCondition(condition, left.position(), height);
    }

    private Parsed between(Parsed value, boolean negated, Token between) {
        Parsed lower = additive();
        expect(Token.Kind.AND, "AND between the bounds of BETWEEN");
        Parsed upper = additive();
        for (Parsed side : List.of(value, lower, upper)) {
            if (side.type() == StaticType.STRING || side.type() == StaticType.BOOLEAN) {
                throw error("BETWEEN compares numbers only, not " + side.type().description, side.position());
            }
        }
        int height = height(Math.max(value.height(), Math.max(lower.height(), upper.height())) + 1, between);
        return Parsed.ofCondition(new Between(operand(value), operand(lower), operand(upper), negated),
                value.position(), height);
    }

    private Parsed in(Parsed value, boolean negated, Token in) {
        String name = identifierOf(value, "IN");
        expect(Token.Kind.LEFT_PAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            Token item = peek();
            if (item.kind() != Token.Kind.STRING) {
                throw error("IN takes a list of string literals, not " + item.describe(), item.position());
            }
            next++;
            values.add(item.text());
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RIGHT_PAREN, "',' or ')' in the IN list");
        return Parsed.ofCondition(new InList(name, values, negated), value.position(), height(2, in));
    }

    private Parsed like(Parsed value, boolean negated, Token like) {
        String name = identifierOf(value, "LIKE");
        Token pattern = peek();
        if (pattern.kind() != Token.Kind.STRING) {
            throw error("LIKE needs a string literal pattern, not " + pattern.describe(), pattern.position());
        }
        next++;
        int escape = -1;
        if (accept(Token.Kind.ESCAPE)) {
            Token escapeToken = peek();
            if (escapeToken.kind() != Token.Kind.STRING) {
                throw error("ESCAPE needs a string literal of one character, not " + escapeToken.describe(),
                        escapeToken.position());
            }
            next++;
            String text = escapeToken.text();
            if (text.isEmpty() || text.codePointCount(0, text.length()) != 1) {
                throw error("the ESCAPE character must be exactly one character, not '" + text.replace("'", "''") + "'",
                        escapeToken.position());
            }
            escape = text.codePointAt(0);
        }
        LikePattern compiled = LikePattern.compile(pattern.text(), escape, selector, pattern.position());
        return Parsed.ofCondition(new LikeCondition(name, compiled, negated), value.position(), height(2, like));
    }

    private Parsed isNull(Parsed value, Token is) {
        String name = identifierOf(value, "IS NULL");
        boolean negated = accept(Token.Kind.NOT);
        expect(Token.Kind.NULL, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
        return Parsed.ofCondition(new NullTest(name, negated), value.position(), height(2, is));
    }

    private Parsed additive() {
        Parsed left = multiplicative();
        while (true) {
            Token operator = peek();
            ArithmeticOperator op = operator.kind() == Token.Kind.PLUS ? ArithmeticOperator.ADD
                    : operator.kind() == Token.Kind.MINUS ? ArithmeticOperator.SUBTRACT : null;
            if (op == null) {
                return left;
            }
            next++;
            left = arithmetic(op, left, multiplicative(), operator);
        }
    }

    private Parsed multiplicative() {
        Parsed left = unary();
        while (true) {
            Token operator = peek();
            ArithmeticOperator op = operator.kind() == Token.Kind.STAR ? ArithmeticOperator.MULTIPLY
                    : operator.kind() == Token.Kind.SLASH ? ArithmeticOperator.DIVIDE : null;
            if (op == null) {
                return left;
            }
            next++;
            left = arithmetic(op, left, unary(), operator);
        }
    }

    private Parsed arithmetic(ArithmeticOperator op, Parsed left, Parsed right, Token operator) {
        requireNumeric(left, "'" + op.symbol + "'");
        requireNumeric(right, "'" + op.symbol + "'");
        int height = height(Math.max(left.height(), right.height()) + 1, operator);
        if (left.isConstant() && right.isConstant()) {
            Number folded = Numbers.apply(op, left.constant(), right.constant());
            if (folded != null) {
                return Parsed.ofOperand(new Constant(folded), StaticType.NUMERIC, left.position(), 1);
            }
        }
        return Parsed.ofOperand(new BinaryArithmetic(op, operand(left), operand(right)), StaticType.NUMERIC,
                left.position(), height);
    }

    private Parsed unary() {
        Token sign = peek();
        if (sign.kind() != Token.Kind.PLUS && sign.kind() != Token.Kind.MINUS) {
            return primary();
        }
        next++;
        boolean minus = sign.kind() == Token.Kind.MINUS;
        Token literal = peek();
        if (literal.kind() == Token.Kind.NUMBER) {
            // A sign on a literal belongs to the literal, so that -2147483648 and -9223372036854775808L parse.
            next++;
            Number value = NumericLiteral.parse(literal.text(), minus, selector, sign.position());
            return Parsed.ofOperand(new Constant(value), StaticType.NUMERIC, sign.position(), 1);
        }
        enter(sign);
        Parsed operand = unary();
        nesting--;
        requireNumeric(operand, "unary '" + sign.text() + "'");
        if (operand.isConstant()) {
            Object v = operand.constant();
            return Parsed.ofOperand(new Constant(minus ? Numbers.negate(v) : Numbers.promote(v)), StaticType.NUMERIC,
                    sign.position(), 1);
        }
        return Parsed.ofOperand(new UnaryArithmetic(operand(operand), minus), StaticType.NUMERIC, sign.position(),
                height(operand.height() + 1, sign));
    }

    private Parsed primary() {
        Token token = peek();
        switch (token.kind()) {
            case IDENTIFIER:
                next++;
                identifiers.add(token.text());
                return Parsed.ofOperand(new Identifier(token.text()), StaticType.ANY, token.position(), 1);
            case STRING:
                next++;
                return Parsed.ofOperand(new Constant(token.text()), StaticType.STRING, token.position(), 1);
            case NUMBER:
                next++;
                return Parsed.ofOperand(new Constant(NumericLiteral.parse(token.text(), false, selector,
                        token.position())), StaticType.NUMERIC, token.position(), 1);
            case TRUE:
            case FALSE:
                next++;
                return Parsed.ofOperand(new Constant(token.kind() == Token.Kind.TRUE), StaticType.BOOLEAN,
                        token.position(), 1);
            case LEFT_PAREN:
                next++;
                enter(token);
                Parsed inner = or();
                nesting--;
                Token close = peek();
                if (close.kind() != Token.Kind.RIGHT_PAREN) {
                    throw error("expected ')' to close the '(' at position " + token.position() + " but found "
                            + close.describe(), close.position());
                }
                next++;
                return inner;
            case NULL:
                throw error("NULL is not a value; test for it with IS NULL or IS NOT NULL", token.position());
            case END:
                throw error("the selector ends where an identifier or a literal is expected", token.position());
            default:
                if (token.kind().isKeyword()) {
                    throw error(token.describe() + " cannot be used as an identifier", token.position());
                }
                throw error("expected an identifier or a literal but found " + token.describe(), token.position());
        }
    }

    private Condition condition(Parsed p, String problem) {
        if (p.condition() != null) {
            return p.condition();
        }
        if (p.type() == StaticType.BOOLEAN) {
            return (Boolean) p.constant() ? ConstantCondition.TRUE : ConstantCondition.FALSE;
        }
        if (p.operand() instanceof Identifier id) {
            return new IdentifierCondition(id.name);
        }
        throw error(problem + ", not " + p.type().description, p.position());
    }

    private static Operand operand(Parsed p) {
        if (p.condition() == null) {
            return p.operand();
        }
        if (p.condition() instanceof ConstantCondition c && c.truth != Truth.UNKNOWN) {
            return new Constant(c.truth == Truth.TRUE);
        }
        return new ConditionOperand(p.condition());
    }

    private void requireNumeric(Parsed p, String operator) {
        if (p.type() == StaticType.STRING || p.type() == StaticType.BOOLEAN) {
            throw error(operator + " needs numbers, not " + p.type().description, p.position());
        }
    }

    private String identifierOf(Parsed value, String operator) {
        if (value.condition() == null && value.operand() instanceof Identifier id) {
            return id.name;
        }
        throw error(operator + " applies to an identifier, not to " + value.type().description, value.position());
    }

    private static ComparisonOperator comparisonOperator(Token.Kind kind) {
        return switch (kind) {
            case EQUAL -> ComparisonOperator.EQUAL;
            case NOT_EQUAL -> ComparisonOperator.NOT_EQUAL;
            case LESS -> ComparisonOperator.LESS;
            case LESS_OR_EQUAL -> ComparisonOperator.LESS_OR_EQUAL;
            case GREATER -> ComparisonOperator.GREATER;
            case GREATER_OR_EQUAL -> ComparisonOperator.GREATER_OR_EQUAL;
            default -> null;
        };
    }

    private void enter(Token token) {
        if (++nesting > MAX_NESTING) {
            throw error("the selector nests deeper than " + MAX_NESTING + " levels", token.position());
        }
    }

    private int height(int height, Token token) {
        if (height > MAX_HEIGHT) {
            throw error("the selector's expression tree is deeper than " + MAX_HEIGHT + " levels", token.position());
        }
        return height;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean accept(Token.Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Token.Kind kind, String what) {
        Token token = peek();
        if (token.kind() != kind) {
            throw error("expected " + what + " but found " + token.describe(), token.position());
        }
        next++;
    }

    private SelectorSyntaxException error(String problem, int position) {
        return new SelectorSyntaxException(problem, selector, position);
    }
}
