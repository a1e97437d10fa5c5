package io.osprey.mq.server.store;

/** What recovery and readers find at a frame position. */
sealed interface FrameCheck {
    /** A whole MESSAGE frame whose CRC matches. */
    record Valid(int frameLength, long tagsCode) implements FrameCheck {
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
