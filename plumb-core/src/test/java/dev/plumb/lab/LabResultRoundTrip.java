package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a page renders is the saved result.json: the verdict and the numbers must survive saving and reading. */
final class LabResultRoundTrip {

    private LabResultRoundTrip() {
    }

    static void assertSurvivesSaving(LabResult result) {
        try {
            Path dir = Files.createTempDirectory("lab-" + result.name());
            LabDirectory lab = new LabDirectory(dir);
            lab.write(result);
            LabResult read = lab.read(result.name());
            assertEquals(result.verdict(), read.verdict());
            assertEquals(result.setup(), read.setup());
            assertEquals(result.figures().size(), read.figures().size());
            assertEquals(result.tables().size(), read.tables().size());
            for (int t = 0; t < result.tables().size(); t++) {
                assertEquals(result.tables().get(t).rows().size(), read.tables().get(t).rows().size());
                for (int r = 0; r < result.tables().get(t).rows().size(); r++) {
                    assertEquals(result.tables().get(t).rows().get(r).toString(),
                            read.tables().get(t).rows().get(r).toString(), "table " + t + " row " + r);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
