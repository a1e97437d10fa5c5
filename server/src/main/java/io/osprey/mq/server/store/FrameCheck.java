package io.osprey.mq.server.store;

/** What recovery and readers find at a frame position. */
sealed interface FrameCheck {
    /**
     * A whole frame whose CRC matches (and, for a MESSAGE, whose V1 record agrees with it). Whether its type is
     * one this store knows is the caller's question: an intact record of an unknown type is not torn.
     */
    record Valid(int frameLength, short type, long tagsCode) implements FrameCheck {
    }

    /** A valid END_OF_SEGMENT marker: the next frame is at the start of the next segment. */
    record EndOfSegment(int frameLength) implements FrameCheck {
    }

    /** Zeros (or the end of the file) where a header would be: nothing was ever written here. */
    record EndOfData() implements FrameCheck {
    }

    /** Bytes that are not a whole valid frame: a torn write or garbage. */
    record Torn(String reason) implements FrameCheck {
    }
}
