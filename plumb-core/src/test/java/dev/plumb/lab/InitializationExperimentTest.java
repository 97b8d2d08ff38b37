package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InitializationExperimentTest {

    static void print(LabResult r) {
        System.out.println("== " + r.name() + ": " + r.verdict().holds());
        for (LabResult.Check c : r.verdict().checks()) {
            System.out.println("  [" + (c.holds() ? "x" : " ") + "] " + c.statement() + " — " + c.evidence());
        }
        for (LabResult.Table t : r.tables()) {
            System.out.println("  " + t.title() + " " + t.columns());
            t.rows().forEach(row -> System.out.println("    " + row));
        }
    }

    static double number(Object cell) {
        return ((Number) cell).doubleValue();
    }

    @Test
    void theClaimHoldsOnTheDigitsAndReluScalesByTheClosedForm() throws Exception {
        LabResult result = new InitializationExperiment().run(LabSettings.defaults());
        LabDirectory directory = new LabDirectory(java.nio.file.Files.createTempDirectory("lab-" + result.name()));
        directory.write(result); // every number on the page must survive result.json (no NaN, no infinity)
        LabResult saved = directory.read(result.name());
        assertEquals(result.verdict(), saved.verdict());
        assertEquals(result.tables().get(0).rows().size(), saved.tables().get(0).rows().size());
        print(result);
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());
        assertEquals(4, result.figures().size());
        // every non-zero initializer is drawn, zeros is not (0 has no place on a log scale)
        assertEquals(List.of("×0.01", "N(0,1)", "LeCun 1/n", "He 2/n"),
                result.figures().get(1).series().stream().map(LabResult.Series::name).toList());

        // Independent reference: a ReLU layer with zero biases scales the std by σ·√(n/2) (E[a²] = Var(z)/2), so the
        // measured per-layer factor of every ReLU network is that closed form, up to the finite width's noise.
        LabResult.Table perNetwork = result.tables().get(0);
        int checked = 0;
        for (List<Object> row : perNetwork.rows()) {
            if (row.get(0).equals("relu") && !row.get(1).equals("zeros")) {
                double measured = number(row.get(5));
                double closedForm = number(row.get(6));
                assertEquals(1, measured / closedForm, 0.15, () -> row.toString());
                checked++;
            }
        }
        assertEquals(4, checked);

        // symmetry: exactly 0 for zeros (the sigmoid net's weights did move), > 0 for He
        LabResult.Table symmetry = result.tables().get(1);
        for (List<Object> row : symmetry.rows()) {
            String network = (String) row.get(0);
            if (network.endsWith("zeros")) {
                assertEquals(0.0, number(row.get(1)), network);
            } else {
                assertTrue(number(row.get(1)) > 0, network);
            }
        }
        assertTrue(number(symmetry.rows().get(2).get(2)) > 0, "the shallow sigmoid net trained (its weights moved)");
    }

    @Test
    void onAShallowNetworkSmallWeightsDoNotVanishSoTheVerdictFails() throws Exception {
        LabResult result = new InitializationExperiment(2).run(LabSettings.defaults());
        assertFalse(result.verdict().holds());
        assertFalse(result.verdict().checks().get(2).holds(), "×0.01 over 2 layers shrinks the std by ~0.06, not 1e-3");
    }
}
