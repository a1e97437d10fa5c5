package io.osprey.mq.protocol.selector;

/**
 * What the parser knows of an expression's type before any message: literals and operators fix it, an
 * identifier's type is known only at runtime ({@link #ANY}). Only errors between two known types are reported at
 * parse time (§3.8.1.1: "not all semantic checking can be performed at the time a message selector is
 * presented, because property types are not known").
 */
enum StaticType {
    BOOLEAN("a boolean"), STRING("a string"), NUMERIC("a number"), ANY("an identifier");

    final String description;

    StaticType(String description) {
        this.description = description;
    }

    boolean isKnown() {
        return this != ANY;
    }
}
