package io.osprey.mq.protocol.selector;

/**
 * {@code c1 AND c2 AND …} by table 3-4, left to right, stopping at the first FALSE. A chain is one node, not a
 * tree, so a long conjunction costs no stack depth.
 */
final class Conjunction implements Condition {
    private final Condition[] terms;

    Conjunction(Condition[] terms) {
        this.terms = terms.clone();
    }

    @Override
    public Truth test(PropertySource source) {
        Truth result = Truth.TRUE;
        for (Condition term : terms) {
            Truth t = term.test(source);
            if (t == Truth.FALSE) {
                return Truth.FALSE;
            }
            if (t == Truth.UNKNOWN) {
                result = Truth.UNKNOWN;
            }
        }
        return result;
    }
}
