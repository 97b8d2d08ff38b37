package dev.plumb.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Inputs that make a reader break its contract, committed under {@code src/test/resources/dev/plumb/fuzz/known-bugs/}
 * (laid out like the seed folders) where Jazzer does not replay them, so that {@code mvn verify} stays green
 * until the reader is fixed. Each is replayed by a {@code @Disabled("bug: …")} test beside its fuzz test: remove
 * the annotation with the fix, and move the file into the replayed folder.
 */
final class KnownBugs {

    /** The folder, relative to this package's resources. */
    static final String FOLDER = "known-bugs";

    private KnownBugs() {
    }

    /** The input {@code name} of fuzz test {@code test}'s method {@code method}. */
    static byte[] input(String test, String method, String name) {
        String resource = FOLDER + "/" + test + "Inputs/" + method + "/" + name;
        try (InputStream in = KnownBugs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no known-bug input " + resource + " next to " + KnownBugs.class);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
