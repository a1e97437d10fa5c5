package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;

/**
 * Recovery's pure core: walks the frames of one segment and says how far its bytes are valid.
 *
 * <p>A batch counts as valid only whole: when the walk ends inside one (its BATCH_BEGIN seen, not all of its
 * frames), the valid bytes end at its BATCH_BEGIN, so the messages a crash tore from their batch go with it. A batch
 * holds messages and owners' records; any other frame inside one means it is damaged.
 *
 * @param validEnd       position after the last whole frame (or after the end marker)
 * @param lastFrameStart position of the last valid frame or end marker, -1 if none
 * @param frames         valid frames seen (end marker included)
 * @param outcome        why the walk stopped
 * @param reason         for {@link Outcome#TORN} and {@link Outcome#UNKNOWN_TYPE}: what was wrong at
 *                       {@code validEnd}
 */
record SegmentScan(int validEnd, int lastFrameStart, int frames, Outcome outcome, String reason) {

    enum Outcome {
        /** zeros after the last frame: a clean end of what was written */
        END_OF_DATA,
        /** the segment ends with its END_OF_SEGMENT marker */
        END_OF_SEGMENT,
        /** a torn or garbage frame, or an incomplete batch, at {@code validEnd}; everything from there on must go */
        TORN,
        /** a whole, intact record of a type this version does not know at {@code validEnd}: never cut it off */
        UNKNOWN_TYPE
    }

    static SegmentScan scan(FrameChecker checker, int from, IntPredicate knownType) throws IOException {
        int position = from;
        int lastFrame = -1;
        int frames = 0;
        Batch batch = null;
        ByteBuffer[] frame = new ByteBuffer[1];
        while (true) {
            FrameCheck check = checker.check(position, frame);
            if (check instanceof FrameCheck.Valid valid) {
                if (!knownType.test(valid.type())) {
                    return new SegmentScan(position, lastFrame, frames, Outcome.UNKNOWN_TYPE, "an intact record of "
                            + "type " + valid.type() + ", which this version does not know");
                }
                if (batch != null && valid.type() != FrameLayout.TYPE_MESSAGE
                        && valid.type() < FrameLayout.FIRST_OWNER_TYPE) {
                    // a batch holds messages and owners' records (a transaction's commit), never the store's own
                    return batch.cut("a record of type " + valid.type() + " inside it");
                }
                if (valid.type() == FrameLayout.TYPE_BATCH_BEGIN) {
                    ByteBuffer begin = frame[0];
                    if (begin.getInt(FrameLayout.BATCH_FRAME_COUNT_OFFSET) < 1) {
                        return new SegmentScan(position, lastFrame, frames, Outcome.TORN, "a batch of "
                                + begin.getInt(FrameLayout.BATCH_FRAME_COUNT_OFFSET) + " frames");
                    }
                    batch = new Batch(position, lastFrame, frames, begin.getInt(FrameLayout.BATCH_FRAME_COUNT_OFFSET),
                            position + valid.frameLength() + begin.getInt(FrameLayout.BATCH_BYTES_OFFSET));
                } else if (batch != null && --batch.remaining == 0) {
                    if (position + valid.frameLength() != batch.end) {
                        return batch.cut("its frames do not end where its header says");
                    }
                    batch = null;
                }
                lastFrame = position;
                frames++;
                position += valid.frameLength();
            } else if (batch != null) {
                return batch.cut(batch.remaining + " of its frames missing (" + check + ")");
            } else if (check instanceof FrameCheck.EndOfSegment end) {
                return new SegmentScan(position + end.frameLength(), position, frames + 1, Outcome.END_OF_SEGMENT,
                        null);
            } else if (check instanceof FrameCheck.EndOfData) {
                return new SegmentScan(position, lastFrame, frames, Outcome.END_OF_DATA, null);
            } else {
                return new SegmentScan(position, lastFrame, frames, Outcome.TORN, ((FrameCheck.Torn) check).reason());
            }
        }
    }

    /** The batch the walk is inside, and the scan state to fall back to if it proves incomplete. */
    private static final class Batch {
        final int start;
        final int lastFrameBefore;
        final int framesBefore;
        final int end;
        int remaining;

        Batch(int start, int lastFrameBefore, int framesBefore, int count, int end) {
            this.start = start;
            this.lastFrameBefore = lastFrameBefore;
            this.framesBefore = framesBefore;
            this.remaining = count;
            this.end = end;
        }

        SegmentScan cut(String why) {
            return new SegmentScan(start, lastFrameBefore, framesBefore, Outcome.TORN,
                    "the batch at " + start + " is incomplete: " + why);
        }
    }
}
