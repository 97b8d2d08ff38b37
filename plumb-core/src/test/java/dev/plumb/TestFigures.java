package dev.plumb;

/**
 * Figures that tests compute along the way (errors, norms, allocation counts, formatted reports), for a
 * person who wants to see them. A passing {@code mvn verify} prints nothing; with the system property
 * {@code plumb.test.verbose=true} (e.g. {@code mvn verify -Dplumb.test.verbose=true}, which surefire hands on
 * to the test JVM) every test that has figures prints them.
 */
public final class TestFigures {

    /** Set {@code -Dplumb.test.verbose=true} to see the figures of passing tests. */
    public static final String VERBOSE_PROPERTY = "plumb.test.verbose";

    private TestFigures() {
    }

    /** Whether figures are printed. */
    public static boolean verbose() {
        return Boolean.getBoolean(VERBOSE_PROPERTY);
    }

    /** Prints {@code String.format(format, args)} and a line break, when {@link #verbose()}; returns the text either way. */
    public static String print(String format, Object... args) {
        String text = String.format(format, args);
        if (verbose()) {
            System.out.println(text);
        }
        return text;
    }
}
