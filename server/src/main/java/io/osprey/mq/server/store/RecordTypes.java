package io.osprey.mq.server.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CommitLog record types one store knows: its own (messages, end-of-segment markers, batch headers, topic
 * deletions) and those of the owners registered before it opens. Recovery and dispatch consult it, so a type
 * is known from the first byte the store reads.
 */
public final class RecordTypes {
    private final Map<Short, RecordOwner> owners;

    private RecordTypes(Map<Short, RecordOwner> owners) {
        this.owners = owners;
    }

    /** Only the store's own types. */
    public static RecordTypes storeOnly() {
        return new RecordTypes(Map.of());
    }

    /**
     * These types plus {@code type}, handed to {@code owner}.
     *
     * @throws IllegalArgumentException if {@code type} is the store's own (below 16) or already has an owner
     */
    public RecordTypes with(short type, RecordOwner owner) {
        Objects.requireNonNull(owner, "owner");
        if (type < FrameLayout.FIRST_OWNER_TYPE) {
            throw new IllegalArgumentException("record types below " + FrameLayout.FIRST_OWNER_TYPE
                    + " are the store's own: " + type);
        }
        if (owners.containsKey(type)) {
            throw new IllegalArgumentException("record type " + type + " already has an owner");
        }
        Map<Short, RecordOwner> more = new HashMap<>(owners);
        more.put(type, owner);
        return new RecordTypes(Map.copyOf(more));
    }

    boolean known(int type) {
        return (type >= FrameLayout.TYPE_MESSAGE && type <= FrameLayout.TYPE_TOPIC_DELETED
                && type != FrameLayout.TYPE_END_OF_SEGMENT) || owners.containsKey((short) type);
    }

    /** The owner of an owner type, null for the store's own types and unknown ones. */
    RecordOwner owner(short type) {
        return owners.get(type);
    }
}
