package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.lab.LabResult.Figure;
import dev.plumb.nn.Parameter;
import dev.plumb.train.EpochLogs;

class EarlyStoppingExperimentTest {

    private static double normByHand(dev.plumb.nn.Network network) {
        double squares = 0;
        for (Parameter p : network.parameters().values()) {
            if (p.regularized()) { // the weight matrices W1, W2; biases are not
                squares += p.value().sumOfSquares();
            }
        }
        return Math.sqrt(squares);
    }

    @Test
    void theClaimHoldsOnTheDigitsAndTheNormsAreTheNetworks() throws Exception {
        EarlyStoppingExperiment experiment = new EarlyStoppingExperiment();
        EarlyStoppingExperiment.Outcome outcome = experiment.measure(LabSettings.defaults());
        LabResult result = experiment.result(outcome);
        result.verdict().checks().forEach(c -> assertTrue(c.holds(), c.statement() + ": " + c.evidence()));
        assertTrue(result.verdict().holds());

        // ‖W‖² by hand from the parameters, against the table and the figure
        double stopped = normByHand(outcome.stopped().network());
        double full = normByHand(outcome.full().network());
        List<List<Object>> rows = result.tables().get(0).rows();
        assertEquals(full, (Double) rows.get(0).get(2), 1e-9 * full);
        assertEquals(stopped, (Double) rows.get(1).get(2), 1e-9 * stopped);
        Figure norms = result.figures().get(1);
        double[] perEpoch = norms.series().get(0).y();
        assertEquals(full, perEpoch[perEpoch.length - 1], 1e-9 * full);
        // the run with early stopping is the same run cut short: its restored weights are epoch k's of the full run
        int k = outcome.report().bestEpoch();
        assertEquals(stopped, perEpoch[k - 1], 1e-9 * stopped);
        assertEquals(k, (int) norms.markers().get(0).x());
        assertEquals(k, (int) result.figures().get(0).markers().get(0).x());

        // the stopping epoch is the argmin of the dev cost it watched (up to min delta), patience epochs before the end
        List<EpochLogs> logs = outcome.stopped().logs();
        double best = logs.stream().mapToDouble(EpochLogs::devCost).min().orElseThrow();
        assertTrue(logs.get(k - 1).devCost() <= best + EarlyStoppingExperiment.STOPPING.minDelta());
        assertEquals(k + EarlyStoppingExperiment.STOPPING.patience(), outcome.report().stoppedEpoch());

        // ‖W‖ at initialization: N(0, 1) × 0.01 over 64·100 + 100·10 weights has ‖W‖ ≈ 0.01 · √7400
        double expected = EarlyStoppingExperiment.INIT_SCALE * Math.sqrt(64 * 100 + 100 * 10);
        assertEquals(expected, outcome.full().initialNorm(), 0.05 * expected);
        // the best λ is the argmin of the measured dev costs
        for (EarlyStoppingExperiment.Trained t : outcome.l2Runs()) {
            assertTrue(outcome.l2Runs().get(outcome.bestLambda()).devCost() <= t.devCost());
        }
    }
}
