package io.osprey.mq.server.common;

import java.io.IOException;

/**
 * What every operation on a {@link PowerCutDisk} and on its channels throws once the power was cut (and, for a
 * channel, for ever after: the machine it was opened on is gone). A test under load expects this and nothing else.
 */
public final class PowerCutException extends IOException {
    private static final long serialVersionUID = 1L;

    PowerCutException(String detail) {
        super("power cut: " + detail);
    }
}
