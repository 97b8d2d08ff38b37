package dev.plumb.train;

/** How a training run ended; the run record's stop reason says it in words. */
public enum TrainingOutcome {

    /** Ran every configured epoch. */
    COMPLETED,

    /** Early stopping ended it before the last configured epoch. */
    STOPPED_EARLY,

    /** Another callback asked to stop at the end of an epoch. */
    STOPPED_BY_CALLBACK,

    /**
     * Stopped at a mini-batch boundary on request (Ctrl-C, SIGTERM): the network has the weights of the last finished
     * epoch, and the run can be resumed from its last checkpoint.
     */
    INTERRUPTED,

    /**
     * A cost became NaN or infinite; the network has the weights of the last epoch that finished (the initial
     * weights if none did). Not an exception: the run directory is written, and the stop reason says what to do.
     */
    DIVERGED
}
