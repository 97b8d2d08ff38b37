package dev.plumb.train;

/** How a training run ended; the run record's stop reason says it in words. */
public enum TrainingOutcome {

    /** Ran every configured epoch. */
    COMPLETED,

    /** Early stopping ended it before the last configured epoch. */
    STOPPED_EARLY,

    /** Another callback asked to stop, e.g. the command line after Ctrl-C. */
    STOPPED_BY_CALLBACK,

    /**
     * A cost became NaN or infinite; the network has the weights of the last epoch that finished (the initial
     * weights if none did). Not an exception: the run directory is written, and the stop reason says what to do.
     */
    DIVERGED
}
