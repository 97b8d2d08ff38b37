package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plumb.lab.LabResult.Check;
import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Surface;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Mode;
import dev.plumb.tensor.Matrix;

class L2ExperimentTest {

    @Test
    void theClaimHoldsOnTheGeneratedMoonsAndTheNumbersAreTheNetworks() throws Exception {
        L2Experiment experiment = new L2Experiment();
        List<L2Experiment.Measured> runs = new ArrayList<>();
        LabResult result = experiment.run(LabSettings.defaults(), runs);

        result.verdict().checks().forEach(c -> assertTrue(c.holds(), c.statement() + ": " + c.evidence()));
        assertTrue(result.verdict().holds());
        assertEquals(L2Experiment.LAMBDAS.length, runs.size());
        assertTrue(result.setup().keySet().containsAll(List.of("data", "network", "λ values", "optimizer", "seed")));

        // ‖W[l]‖ by hand: the network's own parameters W1, W2, W3 through Matrix.sumOfSquares
        List<List<Object>> rows = result.tables().get(0).rows();
        for (int i = 0; i < runs.size(); i++) {
            for (int l = 1; l <= 3; l++) {
                double byHand = Math.sqrt(runs.get(i).network().parameters().get("W" + l).value().sumOfSquares());
                assertEquals(byHand, (Double) rows.get(i).get(l), 1e-9 * byHand);
            }
        }
        // element by element: each layer's norm strictly below the one at the previous λ
        for (int l = 0; l < 3; l++) {
            for (int i = 1; i < runs.size(); i++) {
                assertTrue(runs.get(i).layerNorms()[l] < runs.get(i - 1).layerNorms()[l], "layer " + (l + 1) + " at " + i);
            }
        }
        // the share of |z| < 0.5, recounted through the layers' own forward: |tanh z| < tanh 0.5 ⇔ |z| < 0.5
        Matrix x = L2Experiment.moons("moons-train", L2Experiment.TRAIN_EXAMPLES, 1, 1).features();
        for (L2Experiment.Measured r : runs) {
            Matrix a = x;
            long inside = 0;
            long total = 0;
            List<Dense> dense = RegularizationSupport.denseLayers(r.network());
            for (int l = 0; l < dense.size() - 1; l++) {
                a = dense.get(l).forward(a, Mode.EVAL).copy();
                for (int k = 0; k < a.size(); k++) {
                    inside += Math.abs(a.get(k)) < Math.tanh(L2Experiment.LINEAR_REGION) ? 1 : 0;
                    total++;
                }
            }
            assertEquals((double) inside / total, r.linearShare(), 1e-3);
        }
        // three decision-boundary figures: a surface of probabilities and the 80 training points
        List<Figure> boundaries = result.figures().stream().filter(f -> f.surface() != null).toList();
        assertEquals(3, boundaries.size());
        for (Figure f : boundaries) {
            assertEquals(L2Experiment.TRAIN_EXAMPLES, f.points().size());
            assertTrue(Arrays.stream(f.surface().z()).allMatch(p -> p >= 0 && p <= 1));
        }
    }

    @Test
    void theSavedResultReadsBackWithTheSameVerdictAndNumbers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        LabResult result = new L2Experiment().run(LabSettings.defaults());
        LabDirectory lab = new LabDirectory(dir);
        lab.write(result);
        LabResult read = lab.read("l2");
        assertEquals(result.verdict(), read.verdict());
        assertEquals(result.setup(), read.setup());
        assertTrue(Arrays.equals(result.figures().get(0).series().get(0).y(), read.figures().get(0).series().get(0).y()));
        assertTrue(Arrays.equals(result.figures().get(3).surface().z(), read.figures().get(3).surface().z()));
    }

    @Test
    void boundaryLengthOfAStraightBoundaryIsOneGridWidth() {
        int n = L2Experiment.GRID;
        double[] vertical = new double[n * n];
        double[] diagonal = new double[n * n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                vertical[row * n + col] = col < n / 2 ? 0.1 : 0.9;
                diagonal[row * n + col] = col > row ? 0.9 : 0.1;
            }
        }
        assertEquals(n / (double) (n - 1), L2Experiment.boundaryLength(new Surface("v", 0, 1, 0, 1, n, vertical)), 1e-12);
        // a staircase along the diagonal: one horizontal and one vertical change per row but the last
        assertEquals(2.0 * (n - 1) / (n - 1), L2Experiment.boundaryLength(new Surface("d", 0, 1, 0, 1, n, diagonal)), 1e-12);
    }

    @Test
    void theVerdictIsNoWhenTheNumbersContradictTheClaim() {
        // dev error falling all the way (no U), weights growing: the checks say so
        double[] lambdas = {0, 1, 2};
        List<L2Experiment.Measured> fake = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fake.add(new L2Experiment.Measured(lambdas[i], null, new double[] {1 + i, 1 + i}, 0.5, 0.1 * i, 0.3 - 0.1 * i,
                    null, Double.NaN));
        }
        LabResult result = new L2Experiment().result(new java.util.LinkedHashMap<>(Map.of("data", "fake")), fake, null, false);
        assertFalse(result.verdict().holds());
        Map<String, Boolean> byStatement = new java.util.HashMap<>();
        for (Check c : result.verdict().checks()) {
            byStatement.put(c.statement(), c.holds());
        }
        assertEquals(false, byStatement.get("‖W[1]‖ falls at every step as λ grows"));
        assertEquals(false, byStatement.get("dev error is U-shaped: lower at some middle λ than at both ends"));
        assertEquals(true, byStatement.get("train error never falls as λ grows, and ends higher than it starts"));
        assertNotNull(result.tables().get(0));
    }

    @Test
    void isRegisteredFirst() {
        assertEquals("l2", Lab.experiments().get(0).name());
        assertTrue(Lab.find("l2").isPresent());
    }
}
