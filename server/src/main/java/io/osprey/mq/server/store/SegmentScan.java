package io.osprey.mq.server.store;

import java.io.IOException;

/**
 * Recovery's pure core: walks the frames of one segment and says how far its bytes are valid.
 *
 * @param validEnd       position after the last whole frame (or after the end marker)
 * @param lastFrameStart position of the last valid MESSAGE or end frame, -1 if none
 * @param frames         valid frames seen (end marker included)
 * @param outcome        why the walk stopped
 * @param reason         for {@link Outcome#TORN}: what was wrong at {@code validEnd}
 */
record SegmentScan(int validEnd, int lastFrameStart, int frames, Outcome outcome, String reason) {

    enum Outcome {
        /** zeros after the last frame: a clean end of what was written */
        END_OF_DATA,
        /** the segment ends with its END_OF_SEGMENT marker */
        END_OF_SEGMENT,
        /** a torn or garbage frame at {@code validEnd}; everything from there on must go */
        TORN
    }

    static SegmentScan scan(FrameChecker checker, int from) throws IOException {
        int position = from;
        int lastFrame = -1;
        int frames = 0;
        while (true) {
            FrameCheck check = checker.check(position, null);
            if (check instanceof FrameCheck.Valid valid) {
                lastFrame = position;
                frames++;
                position += valid.frameLength();
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
}
