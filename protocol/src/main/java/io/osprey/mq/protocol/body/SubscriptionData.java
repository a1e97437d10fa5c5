package io.osprey.mq.protocol.body;

import java.util.Set;

/**
 * A consumer's subscription to one topic. For TAG expressions {@code codeSet} holds the tags' String hash codes,
 * which the broker matches against the consume queue's tag hash.
 */
public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
                               long subVersion, String expressionType, boolean classFilterMode) {
    public static final String SUB_ALL = "*";

    public SubscriptionData {
        tagsSet = tagsSet == null ? Set.of() : Set.copyOf(tagsSet);
        codeSet = codeSet == null ? Set.of() : Set.copyOf(codeSet);
    }

    /** Parses a TAG expression ({@code *}, empty, or {@code a || b}) as the client does. */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        String trimmed = expression == null ? "" : expression.trim();
        if (trimmed.isEmpty() || SUB_ALL.equals(trimmed)) {
            return new SubscriptionData(topic, SUB_ALL, Set.of(), Set.of(), subVersion, "TAG", false);
        }
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<Integer> codes = new java.util.LinkedHashSet<>();
        for (String tag : trimmed.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                tags.add(t);
                codes.add(t.hashCode());
            }
        }
        return new SubscriptionData(topic, trimmed, tags, codes, subVersion, "TAG", false);
    }

    public boolean matchesAll() {
        return subString == null || subString.isBlank() || SUB_ALL.equals(subString.trim());
    }

    public boolean isTagExpression() {
        return expressionType == null || "TAG".equalsIgnoreCase(expressionType);
    }
}
