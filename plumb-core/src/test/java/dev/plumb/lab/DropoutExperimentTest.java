package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plumb.lab.LabResult.Check;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class DropoutExperimentTest {

    private static Map<String, Check> byStart(LabResult result) {
        Map<String, Check> checks = new LinkedHashMap<>();
        for (Check c : result.verdict().checks()) {
            checks.put(c.statement().substring(0, 20), c);
        }
        return checks;
    }

    @Test
    void theGapShrinksOnTheDigitsAndTheSpreadIsJudgedFromTheNetworksWeights() throws Exception {
        List<DropoutExperiment.Measured> runs = new ArrayList<>();
        LabResult result = new DropoutExperiment().run(LabSettings.defaults(), runs);
        assertEquals(DropoutExperiment.KEEP_PROBS.length, runs.size());
        Map<String, Check> checks = byStart(result);
        Check errorGap = checks.get("the dev − train erro");
        Check costGap = checks.get("the dev − train cost");
        Check spread = checks.get("first-layer weights ");
        assertTrue(errorGap.holds(), errorGap.evidence());
        assertTrue(costGap.holds(), costGap.evidence());

        // the gap, element by element, from the errors recounted on the networks
        double[] gaps = runs.stream().mapToDouble(DropoutExperiment.Measured::gap).toArray();
        for (int i = 1; i < gaps.length; i++) {
            assertTrue(gaps[i] <= gaps[i - 1], "gap at keep_prob " + runs.get(i).keepProb());
        }
        // the spread recomputed from the network's W1 parameter, and the spread check judged on exactly those numbers
        double[] recomputed = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Matrix w = runs.get(i).network().parameters().get("W1").value();
            double sum = 0;
            for (int u = 0; u < w.rows(); u++) {
                double[] row = w.row(u);
                double norm = Math.sqrt(java.util.Arrays.stream(row).map(v -> v * v).sum());
                double max = java.util.Arrays.stream(row).map(Math::abs).max().orElseThrow();
                sum += norm / max;
            }
            recomputed[i] = sum / w.rows();
            assertEquals(recomputed[i], runs.get(i).spread(), 1e-12);
        }
        assertEquals(RegularizationSupport.nonDecreasing(recomputed, true), spread.holds());
        assertEquals(errorGap.holds() && costGap.holds() && spread.holds(), result.verdict().holds());
    }

    @Test
    void spreadIsOneForOneInputAndRootNForEqualWeights() {
        Matrix w = Matrix.of(DType.FLOAT64, new double[][] {{0, 0, -3, 0}, {1, -1, 1, 1}});
        assertEquals((1 + 2) / 2.0, DropoutExperiment.spread(w), 1e-12);
    }

    @Test
    void theVerdictIsNoWhenDropoutWidensTheGap() {
        double[] keep = {1.0, 0.5};
        List<DropoutExperiment.Measured> fake = List.of(
                new DropoutExperiment.Measured(keep[0], null, 0, 0.05, 0.01, 0.2, 3, 10),
                new DropoutExperiment.Measured(keep[1], null, 0, 0.10, 0.01, 0.4, 4, 10));
        LabResult result = new DropoutExperiment().result(new LinkedHashMap<>(Map.of("data", "fake")), fake);
        assertFalse(result.verdict().holds());
        assertFalse(byStart(result).get("the dev − train erro").holds());
        assertTrue(byStart(result).get("first-layer weights ").holds());
    }
}
