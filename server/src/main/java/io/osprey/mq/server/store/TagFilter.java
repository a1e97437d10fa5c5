package io.osprey.mq.server.store;

import java.util.Set;

/**
 * Decides from a ConsumeQueue entry's tags code whether a pull returns the message. The broker builds it from
 * the subscription: {@code *} or empty = {@link #ALL}; otherwise the hashes of the {@code ||}-separated tags
 * ({@link #anyOf}), under which untagged messages (code 0) never match. Clients re-check the exact tag string,
 * so hash collisions are harmless.
 */
@FunctionalInterface
public interface TagFilter {
    TagFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);

    /** Matches entries whose tags code is one of {@code tagsCodes}. */
    static TagFilter anyOf(Set<Long> tagsCodes) {
        Set<Long> codes = Set.copyOf(tagsCodes);
        return tagsCode -> tagsCode != 0 && codes.contains(tagsCode);
    }
}
