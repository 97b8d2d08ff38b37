package dev.plumb.diagnose.gradcheck;

/**
 * What a gradient check's pattern of failures points at, in one line, in the spirit of the note's advice
 * ("db[l] fails while dW[l] passes: the bias gradient is wrong").
 *
 * @param finding        the rule that matched
 * @param message        the line for a person
 * @param suspectPosition 0-based position of the layer to look at, or -1 when none or several
 */
public record Diagnosis(Finding finding, String message, int suspectPosition) {

    /** The patterns {@link GradientCheck} recognizes, in the order it tries them. */
    public enum Finding {
        /** Every tensor passes. */
        ALL_PASS,
        /**
         * A second backward pass gives a different gradient than the first: the layer adds into a parameter's
         * grad (+=) instead of overwriting it, so every training step after the first uses a wrong gradient.
         */
        ACCUMULATES,
        /** A gradient is NaN or infinite. */
        NOT_FINITE,
        /** Every failing tensor is off by the same factor, e.g. ×2 or ×m: a constant such as the 1/m. */
        SAME_FACTOR,
        /**
         * Every penalized weight fails, each by exactly the penalty's gradient, biases pass: J leaves out the
         * regularization term.
         */
        PENALTY_LEFT_OUT_OF_J,
        /** Only penalized weights fail, by minus the penalty's gradient: backprop leaves out its gradient. */
        PENALTY_LEFT_OUT_OF_GRADIENT,
        /**
         * Some penalized weights are off by exactly the penalty's gradient and others are right: J has the
         * penalty, so those layers' backward adds the penalty's gradient a second time.
         */
        PENALTY_ADDED_BY_LAYER,
        /** Only penalized weights fail, biases pass: the regularization term or its gradient is off. */
        PENALTY_TERM,
        /** A layer's bias fails while its weights pass. */
        BIAS_GRADIENT,
        /** A layer's weights fail while its bias passes. */
        WEIGHT_GRADIENT,
        /** Another parameter of one layer fails while the rest of the layer passes. */
        PARAMETER_GRADIENT,
        /** In a single-layer check, the input gradient dX fails while the parameters pass. */
        INPUT_GRADIENT,
        /**
         * In a network, the tensors of the layers before some layer fail and the rest pass, and that layer
         * returns a wrong dX (its own check says so): a wrong input gradient corrupts everything upstream.
         */
        WRONG_INPUT_GRADIENT_UPSTREAM,
        /** Every tensor of one layer (and perhaps of the layers before it) fails: look at that layer's backward. */
        LAYER_BACKWARD,
        /** Every tensor fails but each layer passes its own check: the loss gradient or J is off. */
        LOSS_GRADIENT,
        /** Failures that match no simpler pattern. */
        SCATTERED
    }
}
