package dev.plumb.diagnose.gradcheck;

/**
 * What a relative error between backprop's gradient and the numerical one says, in the note's words.
 * The boundaries live in {@link VerdictThresholds}; the constants are in order of increasing error.
 */
public enum Verdict {
    /** Below 1e-7 by default: the gradient is right. */
    CORRECT("backprop is right"),
    /** Below 1e-5 by default: acceptable; float64 round-off at ε = 1e-7 can account for it. */
    FINE("acceptable"),
    /** Below 1e-3 by default: look closer; a small bug, a kink (ReLU at 0) or a too large ε. */
    SUSPICIOUS("look closer"),
    /** 1e-3 or more by default: almost certainly a bug. */
    WRONG("almost certainly a bug");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    /** CORRECT or FINE. */
    public boolean passed() {
        return this == CORRECT || this == FINE;
    }

    /** The note's reading of this verdict, e.g. "look closer". */
    public String meaning() {
        return meaning;
    }

    /** The worse of the two. */
    public Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
