package dev.plumb.diagnose.gradcheck;

/**
 * The relative errors that separate the verdicts — the one place they are defined. The defaults are
 * the note's: below 1e-7 correct, below 1e-5 fine, below 1e-3 suspicious, from 1e-3 on wrong.
 *
 * @param correct    errors below this are {@link Verdict#CORRECT}
 * @param fine       errors below this (and not correct) are {@link Verdict#FINE}
 * @param suspicious errors below this (and not fine) are {@link Verdict#SUSPICIOUS}; from it on {@link Verdict#WRONG}
 */
public record VerdictThresholds(double correct, double fine, double suspicious) {

    /** 1e-7, 1e-5, 1e-3. */
    public static final VerdictThresholds NOTE = new VerdictThresholds(1e-7, 1e-5, 1e-3);

    public VerdictThresholds {
        if (!(correct > 0 && correct < fine && fine < suspicious && Double.isFinite(suspicious))) {
            throw new IllegalArgumentException("Invalid verdict thresholds: correct=" + correct + ", fine=" + fine
                    + ", suspicious=" + suspicious + ". Expected finite numbers with 0 < correct < fine < suspicious,"
                    + " such as the note's 1e-7, 1e-5, 1e-3.");
        }
    }

    /** The verdict on {@code relativeError}; NaN (a gradient that is not finite) is {@link Verdict#WRONG}. */
    public Verdict judge(double relativeError) {
        if (relativeError < correct) {
            return Verdict.CORRECT;
        }
        if (relativeError < fine) {
            return Verdict.FINE;
        }
        if (relativeError < suspicious) {
            return Verdict.SUSPICIOUS;
        }
        return Verdict.WRONG;
    }

    /** "correct < 1e-07 ≤ fine < 1e-05 ≤ suspicious < 1e-03 ≤ wrong". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "correct < %.0e ≤ fine < %.0e ≤ suspicious < %.0e ≤ wrong", correct, fine, suspicious);
    }
}
