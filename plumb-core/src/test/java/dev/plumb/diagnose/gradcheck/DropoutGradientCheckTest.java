package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Dropout makes J random, so gradient checking turns it off — and refuses to check with it on. */
class DropoutGradientCheckTest {

    private final Matrix x = Fixtures.gaussian(Fixtures.M, 4, 61);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 62);

    private static Network withDropout(double keepProb) {
        NetworkSpec spec = new NetworkSpec(4, List.of(LayerSpec.dense(6, Activation.tanh()), LayerSpec.dropout(keepProb),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0);
        return spec.build(DType.FLOAT32, 63);
    }

    @Test
    void aNetworkWithDropoutIsCheckedWithDropoutOffAndPasses() {
        GradientCheckReport report = new GradientCheck().check(withDropout(0.5), x, y);

        assertThat(report.mode()).isEqualTo(Mode.EVAL);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.notes()).anyMatch(n -> n.startsWith("dropout layers Dropout(keepProb=0.5) at position 2 were"
                + " turned off for the check"));
        assertThat(report.format()).contains("were turned off for the check");
    }

    @Test
    void checkingInTrainModeWithActiveDropoutIsRefusedWithTheReason() {
        GradientCheck inTraining = new GradientCheck(GradientCheckConfig.defaults().withMode(Mode.TRAIN));

        assertThatThrownBy(() -> inTraining.check(withDropout(0.5), x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for argument mode: TRAIN, with dropout active in"
                        + " Dropout(keepProb=0.5) at position 2. Random masks make J a different function at every"
                        + " evaluation")
                .hasMessageContaining("Check in Mode.EVAL");
        assertThatThrownBy(() -> inTraining.check(new Dropout(0.8, 1, DType.FLOAT64), x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Random masks make J a different function");
    }

    @Test
    void trainModeIsAllowedWhenNoDropoutIsActive() {
        GradientCheck inTraining = new GradientCheck(GradientCheckConfig.defaults().withMode(Mode.TRAIN));

        GradientCheckReport report = inTraining.check(withDropout(1.0), x, y);

        assertThat(report.mode()).isEqualTo(Mode.TRAIN);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.notes()).noneMatch(n -> n.contains("dropout"));
    }

    @Test
    void aDropoutLayerOnItsOwnIsTheIdentityInEvalMode() {
        GradientCheckReport report = new GradientCheck().check(new Dropout(0.5, 7, DType.FLOAT64), x);

        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("X");
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.notes()).anyMatch(n -> n.contains("turned off for the check"));
    }

    @Test
    void aLayerOfYourOwnThatIsRandomInEvalModeIsRefused() {
        List<Layer> layers = List.of(Fixtures.dense(4, 3, Activation.identity(), DType.FLOAT64, 64), new NoisyLayer());
        Network network = Network.of(4, layers, Loss.softmaxCrossEntropy());

        assertThatThrownBy(() -> new GradientCheck().check(network, x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid check: J of the network is not deterministic in mode EVAL: two"
                        + " evaluations at the same weights gave ");
    }

    /** Adds fresh noise at every forward pass, even in eval mode: a bug a check must not average away. */
    private static final class NoisyLayer implements Layer {
        private final SplittableRandom rng = new SplittableRandom(5);

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            Matrix out = input.copy();
            for (int i = 0; i < out.size(); i++) {
                out.set(i, out.get(i) + 0.01 * rng.nextGaussian());
            }
            return out;
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            return gradOutput;
        }

        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Layer copy(DType dtype) {
            return new NoisyLayer();
        }

        @Override
        public String describe() {
            return "NoisyLayer";
        }
    }
}
