/**
 * The Jakarta Messaging message selector (Jakarta Messaging 3.1, §3.8.1), shared by the broker (which evaluates
 * it on each candidate message in its store read loop) and the JMS client (which checks it when a consumer is
 * created). Entry point: {@link io.osprey.mq.protocol.selector.MessageSelector#parse}; values come from a
 * {@link io.osprey.mq.protocol.selector.PropertySource}; a bad selector is a
 * {@link io.osprey.mq.protocol.selector.SelectorSyntaxException}.
 *
 * <h2>Language</h2>
 * <ul>
 *   <li>Literals: strings in single quotes ({@code 'it''s'}); exact numbers in Java integer syntax ({@code 57},
 *       {@code -957}, {@code 0x1d}, {@code 035}, {@code 0b101}, {@code 1_000}, {@code 10L}; int, or long with
 *       {@code L} or when too large for int); approximate numbers in Java floating-point syntax ({@code 7.},
 *       {@code -95.7}, {@code .7e4}, {@code 7E3}, {@code 1.5F}, {@code 2D}, {@code 0x1.8p1}; double, or float
 *       with {@code F}); {@code TRUE} and {@code FALSE}.</li>
 *   <li>Identifiers: a Java identifier start character then Java identifier part characters; case-sensitive;
 *       never one of the reserved words {@code NOT AND OR BETWEEN LIKE IN IS ESCAPE NULL TRUE FALSE}, which —
 *       like all operator names — are case-insensitive.</li>
 *   <li>White space: space, tab, form feed, CR, LF. No comments.</li>
 *   <li>Precedence, tightest first: unary {@code + -}; {@code * /}; {@code + -}; comparisons
 *       ({@code = <> < <= > >=}, {@code [NOT] BETWEEN}, {@code [NOT] IN}, {@code [NOT] LIKE},
 *       {@code IS [NOT] NULL}); {@code NOT}; {@code AND}; {@code OR}. Left to right within a level.</li>
 *   <li>{@code IN} takes string literals; {@code LIKE} a string literal pattern ({@code _} one character,
 *       {@code %} any sequence) and an optional one-character {@code ESCAPE}; the left side of {@code IN},
 *       {@code LIKE} and {@code IS NULL} is an identifier.</li>
 * </ul>
 *
 * <h2>Rejected at parse time</h2>
 * Syntax errors, and type errors between two types known without a message: arithmetic or unary sign on a
 * string or boolean; {@code < <= > >=} or {@code BETWEEN} with a string or boolean; {@code =}/{@code <>} between
 * two different known types (e.g. {@code TRUE = 0}); a number or string where a condition is needed (a whole
 * selector {@code 5} or {@code a + 1}, {@code NOT 'x'}); {@code IN} with non-string items; {@code LIKE} with a
 * non-string pattern; an {@code ESCAPE} that is not one character or an escape character not followed by
 * {@code _}, {@code %} or itself; reserved words as identifiers; {@code NULL} as a value; literals out of range.
 *
 * <h2>Evaluation (three-valued)</h2>
 * <table>
 *   <caption>Results by operator</caption>
 *   <tr><th>operator</th><th>NULL operand</th><th>operand of the wrong runtime type</th></tr>
 *   <tr><td>{@code + - * /}, unary {@code + -}</td><td>NULL</td><td>NULL (integer division by zero too)</td></tr>
 *   <tr><td>{@code = <>}</td><td>UNKNOWN</td><td>unlike types: FALSE (§3.8.1.1)</td></tr>
 *   <tr><td>{@code < <= > >=}</td><td>UNKNOWN</td><td>unlike types: FALSE; two strings or two booleans:
 *       UNKNOWN</td></tr>
 *   <tr><td>{@code [NOT] BETWEEN}</td><td>as {@code e1 >= e2 AND e1 <= e3} (NOT: {@code e1 < e2 OR e1 > e3})</td>
 *       <td>the same equivalence (a string value gives FALSE)</td></tr>
 *   <tr><td>{@code [NOT] IN}, {@code [NOT] LIKE}</td><td>UNKNOWN</td><td>UNKNOWN (the identifier must hold a
 *       String)</td></tr>
 *   <tr><td>{@code IS [NOT] NULL}</td><td>TRUE / FALSE</td><td>—</td></tr>
 *   <tr><td>identifier as a condition</td><td>UNKNOWN</td><td>UNKNOWN unless a Boolean</td></tr>
 *   <tr><td>{@code AND OR NOT}</td><td colspan="2">tables 3-4, 3-5 and 3-6 of §3.8.1.2</td></tr>
 * </table>
 * Numbers follow Java's binary numeric promotion for both arithmetic and comparison (an int and a double compare
 * as doubles; int arithmetic wraps on overflow as in Java), and NaN compares as in Java.
 */
package io.osprey.mq.protocol.selector;
