package io.osprey.mq.server.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The offsets retention must keep, by the name of whoever needs them ({@link MessageStore#pinRetention}).
 * Each pin is a supplier asked once per retention round, so an owner advances its pin by returning a higher
 * offset, with no call into the store.
 */
final class RetentionPins {
    private final Map<String, Supplier<PinnedOffset>> pins = new ConcurrentHashMap<>();

    /** The lowest pinned offset now, the pin that holds it and the pin's reason. */
    record Floor(String name, long keepFromOffset, String reason) {
        /** The pin's name and, when it gave one, its reason: for logs. */
        String holder() {
            return reason.isEmpty() ? "'" + name + "'" : "'" + name + "' (" + reason + ")";
        }
    }

    /** @throws IllegalArgumentException if {@code name} is pinned already */
    RetentionPin add(String name, Supplier<PinnedOffset> keepFromOffset) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keepFromOffset, "keepFromOffset");
        if (pins.putIfAbsent(name, keepFromOffset) != null) {
            throw new IllegalArgumentException("retention pin '" + name + "' already exists");
        }
        return new RetentionPin(name, () -> pins.remove(name, keepFromOffset));
    }

    /**
     * Asks every pin for its offset; empty if there is none. A supplier that throws fails the round (nothing is
     * deleted), so a broken owner keeps its records rather than loses them.
     */
    Optional<Floor> floor() {
        Floor lowest = null;
        for (Map.Entry<String, Supplier<PinnedOffset>> pin : pins.entrySet()) {
            PinnedOffset offset = Objects.requireNonNull(pin.getValue().get(), "pinned offset");
            if (lowest == null || offset.keepFromOffset() < lowest.keepFromOffset()) {
                lowest = new Floor(pin.getKey(), offset.keepFromOffset(), offset.reason());
            }
        }
        return Optional.ofNullable(lowest);
    }
}
