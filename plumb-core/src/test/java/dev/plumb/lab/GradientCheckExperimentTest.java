package dev.plumb.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;

class GradientCheckExperimentTest {

    @Test
    void theCorrectNetworkPassesAndThePlantedBugIsNamed() throws Exception {
        LabResult result = new GradientCheckExperiment().run(LabSettings.defaults());
        InitializationExperimentTest.print(result);
        assertTrue(result.verdict().holds(), () -> result.verdict().checks().toString());
        List<List<Object>> rows = result.tables().get(0).rows();
        assertEquals(List.of("W1", "b1", "W2", "b2", "W3", "b3"), rows.stream().map(r -> r.get(1)).toList());
        List<Object> b2 = rows.get(3);
        assertEquals("wrong", b2.get(7));
        assertTrue(InitializationExperimentTest.number(b2.get(6)) >= 1e-3);
        // Independent reference, without finite differences: backprop's db2 of the correct network is the true
        // gradient, the buggy layer's is Σ dA; their relative error is what the check must have measured (its numerical
        // gradient agrees with the true one to ~1e-9)
        LabBatch batch = LabBatch.load(LabSettings.defaults(), GradientCheckExperiment.BATCH);
        NetworkSpec spec = new NetworkSpec(batch.data().featureCount(), List.of(
                LayerSpec.dense(16, Activation.tanh()), LayerSpec.dense(8, Activation.tanh()),
                LayerSpec.dense(batch.outputs(), Activation.identity())), batch.loss(), 0, 0);
        Network correct = spec.build(DType.FLOAT64, 1);
        List<Layer> layers = new ArrayList<>(correct.layers().stream().map(l -> l.copy(DType.FLOAT64)).toList());
        layers.set(1, new GradientCheckExperiment.BiasWithoutDerivative((Dense) layers.get(1)));
        Network buggy = Network.of(correct.inputs(), layers, correct.loss());
        correct.computeGradients(batch.data().features(), batch.data().targets(), Mode.EVAL, batch.data().size());
        buggy.computeGradients(batch.data().features(), batch.data().targets(), Mode.EVAL, batch.data().size());
        double expected = NumericalGradientExperiment.relativeError(buggy.parameters().get("b2").grad().toDoubleArray(),
                correct.parameters().get("b2").grad().toDoubleArray());
        assertEquals(expected, InitializationExperimentTest.number(b2.get(6)), 1e-6 * expected);
        // and the page's numbers survive result.json
        LabDirectory directory = new LabDirectory(Files.createTempDirectory("lab-gradcheck"));
        directory.write(result);
        assertEquals(result.tables().get(0).rows().get(3).get(6), directory.read(result.name()).tables().get(0).rows().get(3).get(6));
    }

    @Test
    void withoutABugTheVerdictFails() throws Exception {
        LabResult result = new GradientCheckExperiment(false).run(LabSettings.defaults());
        assertFalse(result.verdict().holds());
        assertTrue(result.verdict().checks().get(0).holds());
        assertFalse(result.verdict().checks().get(1).holds());
    }
}
