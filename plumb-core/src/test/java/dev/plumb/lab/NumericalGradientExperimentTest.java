package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class NumericalGradientExperimentTest {

    @Test
    void slopesOneAndTwoAndARoundOffFloorWhereTheoryPutsIt() throws Exception {
        LabResult result = new NumericalGradientExperiment().run(LabSettings.defaults());
        LabDirectory directory = new LabDirectory(java.nio.file.Files.createTempDirectory("lab-" + result.name()));
        directory.write(result); // every number on the page must survive result.json (no NaN, no infinity)
        LabResult saved = directory.read(result.name());
        assertEquals(result.verdict(), saved.verdict());
        assertEquals(result.tables().get(0).rows().size(), saved.tables().get(0).rows().size());
        InitializationExperimentTest.print(result);
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());

        List<Object> one = result.tables().get(1).rows().get(0);
        List<Object> two = result.tables().get(1).rows().get(1);
        assertEquals(1, InitializationExperimentTest.number(one.get(1)), 0.3);
        assertEquals(2, InitializationExperimentTest.number(two.get(1)), 0.3);
        // Independent reference: with unit round-off u ≈ 1.1e-16, the total error u/ε + ε (one-sided) is smallest
        // near √u ≈ 1e-8 and u/ε + ε² (two-sided) near u^(1/3) ≈ 5e-6 — within two decades either way.
        double u = Math.ulp(1.0) / 2;
        double oneBest = InitializationExperimentTest.number(one.get(3));
        double twoBest = InitializationExperimentTest.number(two.get(3));
        assertEquals(Math.log10(Math.sqrt(u)), Math.log10(oneBest), 2.0, "one-sided optimum " + oneBest);
        assertEquals(Math.log10(Math.cbrt(u)), Math.log10(twoBest), 2.0, "two-sided optimum " + twoBest);
        // the marker sits at GradientCheck's default ε
        assertEquals(1e-7, result.figures().get(0).markers().get(0).x());
    }

    @Test
    void theSlopeFitReadsSyntheticErrorsExactly() {
        double[] eps = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
        double[] errors = new double[eps.length];
        for (int i = 0; i < eps.length; i++) {
            errors[i] = 3 * eps[i] * eps[i] + 1e-12 / eps[i]; // ε² truncation, 1/ε round-off
        }
        NumericalGradientExperiment.Sweep s = NumericalGradientExperiment.sweep("synthetic", eps, errors);
        assertEquals(1e-4, s.bestEpsilon());
        assertEquals(2, s.truncationSlope(), 0.01);
        // an error that does not fall with ε fails the claim
        double[] flat = new double[eps.length];
        java.util.Arrays.fill(flat, 1e-3);
        flat[flat.length - 1] = 0.9e-3;
        NumericalGradientExperiment.Sweep f = NumericalGradientExperiment.sweep("flat", eps, flat);
        assertFalse(NumericalGradientExperiment.checks(f, f, 1e-7, 1e-3).get(1).holds());
    }

    @Test
    void takesTheUsersCsvThroughData(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,x3,label\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int i = 0; i < 60; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            csv.append(a).append(',').append(b).append(',').append(rng.nextDouble() * 100).append(',')
                    .append(a + b > 0 ? "yes" : "no").append('\n');
        }
        java.nio.file.Path file = dir.resolve("mine.csv");
        java.nio.file.Files.writeString(file, csv);
        LabResult result = new NumericalGradientExperiment().run(new LabSettings(java.util.Optional.of(file.toString()), 3));
        assertTrue(result.setup().get("data").startsWith("CSV " + file), result.setup().get("data"));
        assertTrue(result.setup().get("network").startsWith("3 → 8 tanh → 2 identity"), result.setup().get("network"));
        assertEquals(2, InitializationExperimentTest.number(result.tables().get(1).rows().get(1).get(1)), 0.3);
    }
}
