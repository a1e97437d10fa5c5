package io.osprey.mq.protocol.selector;

/** SQL92's three truth values, which selectors evaluate to (§3.8.1.2 "Null values", tables 3-4 to 3-6). */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** Table 3-6: NOT leaves UNKNOWN unknown. */
    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** Table 3-4: FALSE wins, then UNKNOWN. */
    static Truth and(Truth a, Truth b) {
        if (a == FALSE || b == FALSE) {
            return FALSE;
        }
        return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : TRUE;
    }

    /** Table 3-5: TRUE wins, then UNKNOWN. */
    static Truth or(Truth a, Truth b) {
        if (a == TRUE || b == TRUE) {
            return TRUE;
        }
        return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : FALSE;
    }
}
