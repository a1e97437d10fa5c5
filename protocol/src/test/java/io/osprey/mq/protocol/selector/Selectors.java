package io.osprey.mq.protocol.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;

/** Test helpers: property sources and the three-valued result of a selector, seen through the public API. */
final class Selectors {
    private Selectors() {
    }

    /** A source with {@code name, value, name, value, …}; a null value is an absent property. */
    static PropertySource props(Object... namesAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return PropertySource.of(values);
    }

    /**
     * "TRUE", "FALSE" or "UNKNOWN": what {@code selector} evaluates to for {@code source}. A TRUE selector
     * matches; a FALSE one does not, but its negation does; an UNKNOWN one matches neither way (table 3-6:
     * NOT UNKNOWN is UNKNOWN).
     */
    static String truth(String selector, PropertySource source) {
        boolean matches = MessageSelector.parse(selector).matches(source);
        boolean negationMatches = MessageSelector.parse("NOT (" + selector + ")").matches(source);
        assertThat(matches && negationMatches).as("%s and its negation both matched", selector).isFalse();
        return matches ? "TRUE" : negationMatches ? "FALSE" : "UNKNOWN";
    }

    static String truth(String selector) {
        return truth(selector, props());
    }

    static boolean matches(String selector, PropertySource source) {
        return MessageSelector.parse(selector).matches(source);
    }

    /** The exception {@code selector} is rejected with; fails when it parses. */
    static SelectorSyntaxException rejection(String selector) {
        SelectorSyntaxException e = catchThrowableOfType(SelectorSyntaxException.class,
                () -> MessageSelector.parse(selector));
        assertThat(e).as("selector %s should be rejected", selector).isNotNull();
        return e;
    }
}
