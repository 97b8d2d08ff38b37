package dev.plumb.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class GradientChecksTest {

    @Test
    void aCorrectHandWrittenLayerPasses() {
        assertThatCode(() -> GradientChecks.assertCorrect(new ScaleShift(7, DType.FLOAT32, false))).doesNotThrowAnyException();
    }

    @Test
    void aPlantedBiasBugFailsWithTheDiagnosisInTheMessage() {
        ScaleShift buggy = new ScaleShift(7, DType.FLOAT32, true);

        assertThatThrownBy(() -> GradientChecks.assertCorrect(buggy))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Gradient check failed on random input 1 of 5 (4 × 7, seed 1): ")
                .hasMessageContaining("layer ScaleShift(7)")        // the report's subject
                .hasMessageContaining("beta")                      // the failing tensor …
                .hasMessageMatching("(?s).*beta\\s.*WRONG.*")        // … with its verdict in the table
                .hasMessageMatching("(?s).*gamma\\s.*CORRECT.*");    // and the tensor that is right
    }

    @Test
    void builtInLayersPassWithTheInputWidthTheyWereBuiltFor() {
        Dense dense = new Dense(6, 3, Activation.tanh(), DType.FLOAT32).initialize(Initializer.parse("lecun"), new SplittableRandom(3));

        assertThatCode(() -> GradientChecks.assertCorrect(dense)).doesNotThrowAnyException();
        assertThatCode(() -> GradientChecks.assertCorrect(new Dropout(0.5, 1, DType.FLOAT32))).doesNotThrowAnyException();
    }

    @Test
    void aWrongLayerInANetworkFailsNamingItsTensors() {
        SplittableRandom rng = new SplittableRandom(5);
        List<Layer> layers = List.of(
                new Dense(3, 7, Activation.tanh(), DType.FLOAT32).initialize(Initializer.parse("lecun"), rng),
                new ScaleShift(7, DType.FLOAT32, true),
                new Dense(7, 2, Activation.identity(), DType.FLOAT32).initialize(Initializer.parse("lecun"), rng));
        Network network = new Network(3, layers, Loss.softmaxCrossEntropy(), Regularizer.of(0.5, 0), null);
        Matrix x = GradientChecks.randomInput(6, 3, 11);
        Matrix y = Matrix.of(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {0, 1}, {1, 0}});

        assertThatThrownBy(() -> GradientChecks.assertCorrect(network, x, y))
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Gradient check failed on the given batch (6 examples): ")
                .hasMessageMatching("(?s).*beta2\\s.*WRONG.*");
    }

    @Test
    void aCorrectNetworkPasses() {
        SplittableRandom rng = new SplittableRandom(5);
        List<Layer> layers = List.of(
                new Dense(3, 7, Activation.tanh(), DType.FLOAT32).initialize(Initializer.parse("lecun"), rng),
                new ScaleShift(7, DType.FLOAT32, false),
                new Dense(7, 2, Activation.identity(), DType.FLOAT32).initialize(Initializer.parse("lecun"), rng));
        Network network = new Network(3, layers, Loss.softmaxCrossEntropy(), Regularizer.of(0.5, 0), null);
        Matrix x = GradientChecks.randomInput(6, 3, 11);
        Matrix y = Matrix.of(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {0, 1}, {1, 0}});

        assertThatCode(() -> GradientChecks.assertCorrect(network, x, y)).doesNotThrowAnyException();
    }

    @Test
    void refusesAnInputWidthThatIsNotPositive() {
        assertThatThrownBy(() -> GradientChecks.assertCorrect(new ScaleShift(2, DType.FLOAT32, false), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputWidth: 0");
    }
}
