package io.osprey.mq.server.store;

import java.util.Objects;

/** A record of an owner's type (see {@link RecordOwner}) to append with others: its type and payload. */
public record OwnedRecord(short type, byte[] payload) {
    public OwnedRecord {
        Objects.requireNonNull(payload, "payload");
    }
}
