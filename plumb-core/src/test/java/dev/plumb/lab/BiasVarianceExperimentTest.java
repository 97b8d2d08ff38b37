package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.biasvariance.BiasVariance;

class BiasVarianceExperimentTest {

    @Test
    void theClaimHoldsWithTheDefaultSeed() throws Exception {
        LabResult result = new BiasVarianceExperiment().run(LabSettings.defaults());
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());
        LabResultRoundTrip.assertSurvivesSaving(result);
        assertEquals(BiasVarianceExperiment.CASES.size() + 1, result.figures().size());
        List<List<Object>> runs = result.tables().get(1).rows();
        for (List<Object> row : runs) {
            double train = (double) row.get(4);
            double dev = (double) row.get(5);
            assertTrue(train >= 0 && train <= 1 && dev >= 0 && dev <= 1, row::toString);
            assertEquals(row.get(9), row.get(8), row::toString);
        }
    }

    @Test
    void theNotesExamplesGetTheNotesVerdicts() {
        // the note's own words (practical-aspects-of-deep-learning, 1.2), independent of the experiment's table
        assertEquals(BiasVariance.Verdict.HIGH_VARIANCE, BiasVariance.of(0.01, 0.11).verdict());
        assertEquals(BiasVariance.Verdict.HIGH_BIAS, BiasVariance.of(0.15, 0.16).verdict());
        assertEquals(BiasVariance.Verdict.HIGH_BIAS_AND_VARIANCE, BiasVariance.of(0.15, 0.30).verdict());
        assertEquals(BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE, BiasVariance.of(0.005, 0.01).verdict());
        assertEquals(BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE, BiasVariance.of(0.15, 0.16, 0.15).verdict());
        assertEquals(5, BiasVarianceExperiment.NOTE_EXAMPLES.size());
    }

    @Test
    void aContradictingExampleFailsTheVerdict() {
        // the check is computed, not asserted: an example whose stated verdict disagrees with the rule is caught
        var wrong = new BiasVarianceExperiment.NoteExample(0.01, 0.11, 0, BiasVariance.Verdict.HIGH_BIAS, "wrong");
        assertTrue(BiasVariance.of(wrong.train(), wrong.dev(), wrong.optimal()).verdict() != wrong.noteSays());
    }
}
