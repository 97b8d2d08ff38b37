package dev.plumb.nn;

/**
 * Whether a forward pass is part of training or of evaluation. Dropout (and anything else random)
 * acts only in {@link #TRAIN}; in {@link #EVAL} a network is a deterministic function.
 */
public enum Mode {
    TRAIN,
    EVAL
}
