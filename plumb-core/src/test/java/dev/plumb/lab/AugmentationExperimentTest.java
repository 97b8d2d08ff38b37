package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.io.FashionMnist;

class AugmentationExperimentTest {

    @Test
    void theClaimHoldsWithTheDefaultSeedWhenFashionMnistIsInstalled() throws Exception {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY), "Fashion-MNIST is not installed: "
                + FashionMnist.HOW_TO_GET);
        LabResult result = new AugmentationExperiment().run(LabSettings.defaults());
        assertNull(result.skipped());
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());
        LabResultRoundTrip.assertSurvivesSaving(result);
        List<List<Object>> rows = result.tables().get(0).rows();
        assertEquals(AugmentationExperiment.SIZES.length, rows.size());
        for (List<Object> row : rows) {
            for (int c = 1; c <= 4; c++) {
                double error = (double) row.get(c);
                assertTrue(error >= 0 && error < 0.9, "an error rate below chance (0.9 for 10 classes): " + row);
            }
            // an independent fact: the saved difference is the difference of the saved errors
            assertEquals((double) row.get(2) - (double) row.get(4), (double) row.get(5), 1e-12);
        }
    }

    @Test
    void withoutTheDataTheExperimentIsSkippedWithHowToInstallIt(@TempDir Path tmp) throws Exception {
        LabResult result = new AugmentationExperiment(tmp.resolve("no-fashion-mnist")).run(LabSettings.defaults());
        assertNull(result.verdict());
        assertTrue(result.skipped().contains("apt-get install dataset-fashion-mnist"), result.skipped());
        assertTrue(result.figures().isEmpty() && result.tables().isEmpty());
        assertEquals("augmentation", result.name());
    }

    @Test
    void fallsIsStrict() {
        assertTrue(AugmentationExperiment.falls(new double[] {0.3, 0.2, 0.1}));
        assertTrue(!AugmentationExperiment.falls(new double[] {0.3, 0.3, 0.1}));
    }
}
