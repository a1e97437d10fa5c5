package io.osprey.mq.protocol.body;

import java.util.Set;

/** QUERY_TOPIC_CONSUME_BY_WHO's body: the consumer groups of a topic. */
public record GroupList(Set<String> groupList) {
    public GroupList {
        groupList = groupList == null ? Set.of() : groupList;
    }
}
