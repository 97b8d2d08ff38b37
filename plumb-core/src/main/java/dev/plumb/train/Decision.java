package dev.plumb.train;

import java.util.Objects;

/**
 * A callback's answer at the end of an epoch: go on, or stop with a reason the run record keeps.
 *
 * @param stop   whether to stop training
 * @param reason why (empty when going on)
 */
public record Decision(boolean stop, String reason) {

    private static final Decision PROCEED = new Decision(false, "");

    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision proceed() {
        return PROCEED;
    }

    public static Decision stop(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Invalid argument reason: a stop needs a reason for the run record");
        }
        return new Decision(true, reason);
    }
}
