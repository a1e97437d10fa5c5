package io.osprey.mq.server.store;

/**
 * The CommitLog holds an intact record (its CRC matches) of a type this version does not know — most likely
 * written by a newer Osprey. The store refuses to open or to go on rather than treat it as torn and cut it off.
 */
public final class UnknownRecordTypeException extends StoreException {
    private static final long serialVersionUID = 1L;

    UnknownRecordTypeException(long physicalOffset, String what) {
        super("CommitLog record at physical offset " + physicalOffset + " is " + what
                + "; refusing to truncate it as torn. Was this store written by a newer version of Osprey?");
    }
}
