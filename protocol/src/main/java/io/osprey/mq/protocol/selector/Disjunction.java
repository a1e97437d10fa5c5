package io.osprey.mq.protocol.selector;

/** {@code c1 OR c2 OR …} by table 3-5, left to right, stopping at the first TRUE; one node per chain. */
final class Disjunction implements Condition {
    private final Condition[] terms;

    Disjunction(Condition[] terms) {
        this.terms = terms.clone();
    }

    @Override
    public Truth test(PropertySource source) {
        Truth result = Truth.FALSE;
        for (Condition term : terms) {
            Truth t = term.test(source);
            if (t == Truth.TRUE) {
                return Truth.TRUE;
            }
            if (t == Truth.UNKNOWN) {
                result = Truth.UNKNOWN;
            }
        }
        return result;
    }
}
