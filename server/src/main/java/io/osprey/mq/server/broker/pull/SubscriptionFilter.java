package io.osprey.mq.server.broker.pull;

import io.osprey.mq.protocol.body.SubscriptionData;
import io.osprey.mq.server.store.TagFilter;
import java.util.Set;

/**
 * Tag filtering at the broker: a consume-queue entry passes when its tag hash is one of the subscription's.
 * Hash collisions let a wrong tag through; the client re-checks the tag string, so that is harmless.
 */
final class SubscriptionFilter {
    private SubscriptionFilter() {
    }

    static TagFilter of(SubscriptionData subscription) {
        if (subscription.matchesAll()) {
            return tagsCode -> true;
        }
        Set<Integer> codes = subscription.codeSet().isEmpty()
                ? SubscriptionData.ofTags(subscription.topic(), subscription.subString(), 0).codeSet()
                : subscription.codeSet();
        return tagsCode -> codes.contains((int) tagsCode);
    }
}
