package io.osprey.mq.protocol.header;

import java.util.Map;

/** A pull's answer; all four fields are required on codes 0/19/20/21 (the client dereferences them). */
public record PullMessageResponseHeader(long suggestWhichBrokerId, long nextBeginOffset, long minOffset,
                                        long maxOffset) {

    public static PullMessageResponseHeader from(Map<String, String> extFields) {
        ExtFields f = ExtFields.of(extFields);
        return new PullMessageResponseHeader(f.longValue("suggestWhichBrokerId", 0), f.requireLong("nextBeginOffset"),
                f.requireLong("minOffset"), f.requireLong("maxOffset"));
    }

    public Map<String, String> toExtFields() {
        return ExtFields.builder().put("suggestWhichBrokerId", suggestWhichBrokerId)
                .put("nextBeginOffset", nextBeginOffset).put("minOffset", minOffset).put("maxOffset", maxOffset)
                .build();
    }
}
