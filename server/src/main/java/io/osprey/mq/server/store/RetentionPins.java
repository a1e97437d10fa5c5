package io.osprey.mq.server.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The offsets retention must keep, by the name of whoever needs them ({@link MessageStore#pinRetention}).
 * Each pin is a supplier asked once per retention round, so an owner advances its pin by returning a higher
 * offset, with no call into the store.
 */
final class RetentionPins {
    private final Map<String, LongSupplier> pins = new ConcurrentHashMap<>();

    /** The lowest pinned offset now, and the pin that holds it. */
    record Floor(String name, long keepFromOffset) {
    }

    /** @throws IllegalArgumentException if {@code name} is pinned already */
    RetentionPin add(String name, LongSupplier keepFromOffset) {
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
        for (Map.Entry<String, LongSupplier> pin : pins.entrySet()) {
            long offset = pin.getValue().getAsLong();
            if (lowest == null || offset < lowest.keepFromOffset()) {
                lowest = new Floor(pin.getKey(), offset);
            }
        }
        return Optional.ofNullable(lowest);
    }
}
