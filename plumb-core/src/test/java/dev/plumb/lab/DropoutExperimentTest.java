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
        assertEquals(4, checks.size());
        Check costGap = checks.get("the dev − train cost");
        Check spread = checks.get("output units spread ");
        Check norms = checks.get("the weights shrink a");
        assertTrue(errorGap.holds(), errorGap.evidence());
        assertTrue(costGap.holds(), costGap.evidence());
        assertTrue(spread.holds(), spread.evidence());
        assertTrue(norms.holds(), norms.evidence());

        // the gaps, element by element: each error gap below no dropout's; each cost gap below the previous keep_prob's
        double[] gaps = runs.stream().mapToDouble(DropoutExperiment.Measured::gap).toArray();
        double[] costGaps = runs.stream().mapToDouble(r -> r.devCost() - r.trainCost()).toArray();
        for (int i = 1; i < gaps.length; i++) {
            assertTrue(gaps[i] < gaps[0], "error gap at keep_prob " + runs.get(i).keepProb());
            assertTrue(costGaps[i] < costGaps[i - 1], "cost gap at keep_prob " + runs.get(i).keepProb());
        }
        // the errors are the networks': the first network at keep_prob 1 recounted against the dev labels
        dev.plumb.nn.Network first = runs.get(0).networks().get(0);
        RegularizationSupport.Parts parts = RegularizationSupport.load("digits", 1, DropoutExperiment.TRAIN_EXAMPLES,
                DropoutExperiment.NORMALIZE);
        int[] predicted = first.predictClasses(parts.dev().features());
        int wrong = 0;
        for (int i = 0; i < predicted.length; i++) {
            wrong += predicted[i] != parts.dev().labels()[i] ? 1 : 0;
        }
        assertTrue(wrong > 0 && (double) wrong / predicted.length <= 3 * runs.get(0).devError());
        // spread and ‖W‖ recomputed from the networks' W1 and W2 parameters, and the checks judged on exactly those numbers
        double[] outputSpread = new double[runs.size()];
        double[][] norm = new double[2][runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            for (dev.plumb.nn.Network network : runs.get(i).networks()) {
                int n = runs.get(i).networks().size();
                Matrix w2 = network.parameters().get("W2").value();
                for (int u = 0; u < w2.rows(); u++) {
                    double[] row = w2.row(u);
                    double rowNorm = Math.sqrt(java.util.Arrays.stream(row).map(v -> v * v).sum());
                    double max = java.util.Arrays.stream(row).map(Math::abs).max().orElseThrow();
                    outputSpread[i] += rowNorm / max / w2.rows() / n;
                }
                for (int l = 0; l < 2; l++) {
                    double[] all = network.parameters().get("W" + (l + 1)).value().toDoubleArray();
                    norm[l][i] += Math.sqrt(java.util.Arrays.stream(all).map(v -> v * v).sum()) / n;
                }
            }
            assertEquals(outputSpread[i], runs.get(i).outputSpread(), 1e-9);
            assertEquals(norm[0][i], runs.get(i).norms()[0], 1e-9);
            assertEquals(norm[1][i], runs.get(i).norms()[1], 1e-9);
        }
        assertEquals(RegularizationSupport.nonDecreasing(outputSpread, true), spread.holds());
        assertEquals(RegularizationSupport.nonIncreasing(norm[0], true)
                && RegularizationSupport.nonIncreasing(norm[1], true), norms.holds());
        assertEquals(errorGap.holds() && costGap.holds() && spread.holds() && norms.holds(), result.verdict().holds());
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
                new DropoutExperiment.Measured(keep[0], List.of(), 0, 0.05, 0.01, 0.2, new double[] {3, 3},
                        new double[] {10, 10}),
                new DropoutExperiment.Measured(keep[1], List.of(), 0, 0.10, 0.01, 0.4, new double[] {3, 4},
                        new double[] {9, 12}));
        LabResult result = new DropoutExperiment().result(new LinkedHashMap<>(Map.of("data", "fake")), fake);
        assertFalse(result.verdict().holds());
        assertFalse(byStart(result).get("the dev − train erro").holds());
        assertTrue(byStart(result).get("output units spread ").holds());
        assertFalse(byStart(result).get("the weights shrink a").holds());
    }
}
