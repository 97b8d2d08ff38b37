package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.diagnose.gradcheck.Diagnosis;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.gradcheck.TensorCheck;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * An activation, a loss and a penalty written outside Plumb's built-ins — each a small class — plug into
 * {@link Dense} and {@link Network}, train, and are covered by the gradient check: a correct one passes and
 * a planted bug in each is found. The references are closed forms (softplus′ = sigmoid, log cosh′ = tanh).
 */
public class ExtensionPointsTest {

    /** softplus: g(z) = log(1 + eᶻ), g′(z) = σ(z). */
    public static class Softplus implements Activation {
        @Override
        public void forward(Matrix z, Matrix a) {
            for (int i = 0; i < z.size(); i++) {
                double v = z.get(i);
                a.set(i, Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
            }
        }

        @Override
        public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
            for (int i = 0; i < z.size(); i++) {
                dZ.set(i, derivative(z.get(i), a.get(i)) * dA.get(i));
            }
        }

        double derivative(double z, double a) {
            return 1 / (1 + Math.exp(-z));
        }

        @Override
        public String id() {
            return "softplus";
        }
    }

    /** The planted bug: σ of the output a instead of the pre-activation z. */
    public static class SoftplusWithBug extends Softplus {
        @Override
        double derivative(double z, double a) {
            return 1 / (1 + Math.exp(-a));
        }
    }

    /** log-cosh regression loss: J = (1/m)·Σ log cosh(ŷ − y), ∂J/∂ŷ = tanh(ŷ − y)/m. */
    public static class LogCosh implements Loss {
        @Override
        public double cost(Matrix output, Matrix target) {
            double sum = 0;
            for (int i = 0; i < output.size(); i++) {
                double d = Math.abs(output.get(i) - target.get(i));
                sum += d + Math.log1p(Math.exp(-2 * d)) - Math.log(2); // log cosh d, stable for large d
            }
            return sum / output.rows();
        }

        @Override
        public void gradient(Matrix output, Matrix target, Matrix grad) {
            for (int i = 0; i < output.size(); i++) {
                grad.set(i, Math.tanh(output.get(i) - target.get(i)) / scale(output.rows()));
            }
        }

        double scale(int m) {
            return m;
        }

        @Override
        public void predict(Matrix output, Matrix predictions) {
            predictions.copyFrom(output);
        }

        @Override
        public double error(Matrix output, Matrix target) {
            double sum = 0;
            for (int i = 0; i < output.size(); i++) {
                double d = output.get(i) - target.get(i);
                sum += d * d;
            }
            return sum / output.size();
        }

        @Override
        public boolean isClassification() {
            return false;
        }

        @Override
        public String id() {
            return "log_cosh";
        }
    }

    /** The planted bug: the gradient without the 1/m of the mean. */
    public static class LogCoshWithBug extends LogCosh {
        @Override
        double scale(int m) {
            return 1;
        }
    }

    /** Pulls weights toward a prior value c instead of 0: cost (λ/2m)·Σ(w − c)², gradient (λ/m)·(w − c). */
    public record PullToward(double lambda, double center) implements Regularizer {
        @Override
        public double cost(Matrix w, int m) {
            double sum = 0;
            for (int i = 0; i < w.size(); i++) {
                double d = w.get(i) - center;
                sum += d * d;
            }
            return lambda / (2.0 * m) * sum;
        }

        @Override
        public void addGradient(Matrix w, Matrix grad, int m) {
            for (int i = 0; i < w.size(); i++) {
                grad.set(i, grad.get(i) + lambda / m * (w.get(i) - shift()));
            }
        }

        double shift() {
            return center;
        }

        @Override
        public String id() {
            return "pull(" + lambda + " toward " + center + ")";
        }
    }

    /** The planted bug: the gradient of plain L2 — it forgets the center. */
    public record PullTowardWithBug(double lambda, double center) implements Regularizer {
        @Override
        public double cost(Matrix w, int m) {
            return new PullToward(lambda, center).cost(w, m);
        }

        @Override
        public void addGradient(Matrix w, Matrix grad, int m) {
            grad.axpy(lambda / m, w);
        }

        @Override
        public String id() {
            return "pull-with-bug";
        }
    }

    private static final int INPUTS = 3;

    private static Network network(Activation hidden, Loss loss, Regularizer penalty, DType dtype) {
        SplittableRandom rng = new SplittableRandom(7);
        Dense first = new Dense(INPUTS, 5, hidden, dtype).initialize(Initializer.parse("lecun"), rng);
        Dense out = new Dense(5, 2, Activation.identity(), dtype).initialize(Initializer.parse("lecun"), rng);
        return new Network(INPUTS, List.of(first, out), loss, penalty, null);
    }

    private static Matrix random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(DType.FLOAT64, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble(-1, 1));
        }
        return m;
    }

    private static GradientCheckReport check(Network network) {
        return new GradientCheck().check(network, random(8, INPUTS, 1), random(8, 2, 2));
    }

    private static List<String> failing(GradientCheckReport report) {
        return report.failing().stream().map(TensorCheck::name).toList();
    }

    @Test
    void correctUserActivationLossAndPenaltyPassTheCheck() {
        GradientCheckReport report = check(network(new Softplus(), new LogCosh(), new PullToward(0.5, 0.3), DType.FLOAT32));

        assertThat(report.passed()).as(report.format()).isTrue();
        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W1", "b1", "W2", "b2");
        assertThat(report.diagnosis().finding()).isEqualTo(Diagnosis.Finding.ALL_PASS);
    }

    @Test
    void aWrongActivationDerivativeFailsTheLayerThatUsesIt() {
        GradientCheckReport report = check(network(new SoftplusWithBug(), new LogCosh(), Regularizer.none(), DType.FLOAT64));

        assertThat(report.passed()).isFalse();
        assertThat(failing(report)).containsExactly("W1", "b1"); // the layer after it is not affected
        assertThat(report.diagnosis().message()).as(report.format()).contains("layer 1 (Dense(3 → 5, softplus))")
                .startsWith("the derivative of activation softplus (in layer 1) is wrong");
        assertThat(report.layerChecks().get(0).report().diagnosis().message())
                .contains("the derivative of activation softplus (in ");
    }

    @Test
    void aLossGradientWithoutTheOneOverMFailsEveryTensorByTheSameFactor() {
        GradientCheckReport report = check(network(new Softplus(), new LogCoshWithBug(), Regularizer.none(), DType.FLOAT64));

        assertThat(failing(report)).containsExactly("W1", "b1", "W2", "b2");
        assertThat(report.diagnosis().finding()).as(report.format()).isEqualTo(Diagnosis.Finding.SAME_FACTOR);
        assertThat(report.diagnosis().message()).contains("8") // off by m = 8
                .startsWith("the gradient of loss log_cosh is wrong").contains("= m, the batch size");
    }

    @Test
    void aWrongPenaltyGradientFailsOnlyThePenalizedWeights() {
        GradientCheckReport report = check(network(new Softplus(), new LogCosh(), new PullTowardWithBug(2.0, 0.5), DType.FLOAT64));

        assertThat(failing(report)).as(report.format()).containsExactly("W1", "W2"); // biases are not penalized
        assertThat(report.diagnosis().finding()).isEqualTo(Diagnosis.Finding.PENALTY_TERM);
        assertThat(report.diagnosis().message()).startsWith("the gradient of penalty pull-with-bug is wrong");
    }

    @Test
    void aPenaltyOfYourOwnCanBeGivenToOneLayer() {
        SplittableRandom rng = new SplittableRandom(7);
        Dense first = new Dense(INPUTS, 5, new Softplus(), DType.FLOAT64).initialize(Initializer.parse("lecun"), rng);
        Dense out = new Dense(5, 2, Activation.identity(), DType.FLOAT64).initialize(Initializer.parse("lecun"), rng);
        Network net = new Network(INPUTS, List.of(first, out), new LogCosh(), Regularizer.none(),
                java.util.Arrays.asList(null, new PullTowardWithBug(2.0, 0.5)), null);

        assertThat(failing(check(net))).containsExactly("W2");
    }

    @Test
    void trainsWithAUserActivationLossAndPenalty() {
        // y = sin(x₀) + x₁·x₂, a smooth target softplus units can fit
        Matrix x = random(200, INPUTS, 3);
        Matrix y = Matrix.zeros(DType.FLOAT64, 200, 2);
        for (int r = 0; r < 200; r++) {
            y.set(r, 0, Math.sin(2 * x.get(r, 0)));
            y.set(r, 1, x.get(r, 1) * x.get(r, 2));
        }
        Dataset train = Dataset.regression("train", x.to(DType.FLOAT32), y.to(DType.FLOAT32), List.of());
        Network net = network(new Softplus(), new LogCosh(), new PullToward(1e-3, 0.0), DType.FLOAT32);

        RunRecord run = new Trainer(new TrainConfig(60, 20, 0.01, 42, true), new Adam()).fit(net, train, null);

        double first = run.history().get(0).trainCost();
        double last = run.history().get(run.history().size() - 1).trainCost();
        assertThat(last).isLessThan(first / 4);
    }

    @Test
    void aModelWithAUserActivationIsRefusedWhenSavedWithOneMessage(@TempDir Path dir) {
        NetworkSpec spec = new NetworkSpec(INPUTS, List.of(LayerSpec.dense(4, new Softplus()),
                LayerSpec.dense(2, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        ModelBundle bundle = new ModelBundle(spec.build(DType.FLOAT32, 1), null, List.of("a", "b"));

        assertThatThrownBy(() -> bundle.save(dir.resolve("model")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("the activation 'softplus' (" + Softplus.class.getName() + ") in layer 1")
                .hasMessageContaining("model files hold only Plumb's built-in activations and losses")
                .hasNoCause();
        assertThat(dir.resolve("model")).doesNotExist();
        assertThat(Files.exists(dir.resolve(".model.saving"))).isFalse();
    }

    @Test
    void aModelWithAUserLossIsRefusedWhenSaved(@TempDir Path dir) {
        NetworkSpec spec = new NetworkSpec(INPUTS, List.of(LayerSpec.dense(2, Activation.identity())), new LogCosh(), 0, 0);
        ModelBundle bundle = new ModelBundle(spec.build(DType.FLOAT32, 1), null, List.of());

        assertThatThrownBy(() -> bundle.save(dir.resolve("model")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("the loss 'log_cosh'")
                .hasMessageNotContaining("activation '");
    }

    @Test
    void builtInsAreStillReadByIdAndKnownAsBuiltIn() {
        for (String id : List.of("relu", "leaky_relu(0.2)", "tanh", "sigmoid", "identity", "softmax")) {
            Activation a = Activation.parse(id);
            assertThat(Activation.isBuiltIn(a)).as(id).isTrue();
            assertThat(Activation.parse(a.id())).isEqualTo(a);
        }
        for (String id : List.of("softmax_cross_entropy", "binary_cross_entropy", "mse")) {
            assertThat(Loss.isBuiltIn(Loss.parse(id))).as(id).isTrue();
        }
        assertThat(Activation.isBuiltIn(new Softplus())).isFalse();
        assertThat(Loss.isBuiltIn(new LogCosh())).isFalse();
        assertThatThrownBy(() -> Activation.parse("softplus")).hasMessageContaining("Invalid activation: 'softplus'");
    }
}
