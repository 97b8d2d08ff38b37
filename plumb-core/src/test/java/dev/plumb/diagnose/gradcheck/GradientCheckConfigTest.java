package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.nn.Mode;

class GradientCheckConfigTest {

    private final GradientCheckConfig defaults = GradientCheckConfig.defaults();

    @Test
    void defaultsAreTheNotes() {
        assertThat(defaults.epsilon()).isEqualTo(1e-7);
        assertThat(defaults.sampleSize()).isZero();
        assertThat(defaults.afterSteps()).isZero();
        assertThat(defaults.mode()).isEqualTo(Mode.EVAL);
        assertThat(defaults.maxWorst()).isEqualTo(5);
        assertThat(defaults.thresholds()).isEqualTo(new VerdictThresholds(1e-7, 1e-5, 1e-3));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-7, Double.NaN, Double.POSITIVE_INFINITY})
    void epsilonMustBeAFinitePositiveStep(double epsilon) {
        assertThatThrownBy(() -> defaults.withEpsilon(epsilon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument epsilon: " + epsilon
                        + ". Expected a finite step > 0, typically 1e-7 for a gradient check in float64.");
    }

    @Test
    void sampleSizeMustNotBeNegative() {
        assertThatThrownBy(() -> defaults.withSampleSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument sampleSize: -1. Expected 0 (check every coordinate) or a"
                        + " positive number of coordinates per tensor.");
    }

    @Test
    void trainingStepsRateAndBatchAreValidated() {
        assertThatThrownBy(() -> defaults.withAfterSteps(-3))
                .hasMessage("Invalid value for argument afterSteps: -3. Expected 0 (check the weights as given) or a"
                        + " positive number of training steps.");
        assertThatThrownBy(() -> defaults.withTraining(5, 0, 0))
                .hasMessage("Invalid value for argument learningRate: 0.0. Expected a finite number > 0.");
        assertThatThrownBy(() -> defaults.withTraining(5, 0.1, -2))
                .hasMessage("Invalid value for argument batchSize: -2. Expected 0 (the whole check batch) or a positive"
                        + " number of examples per step.");
    }

    @Test
    void maxWorstFloorAndModeAreValidated() {
        assertThatThrownBy(() -> defaults.withMaxWorst(-1))
                .hasMessage("Invalid value for argument maxWorst: -1. Expected an integer >= 0 (worst coordinates"
                        + " listed per tensor).");
        assertThatThrownBy(() -> defaults.withAbsoluteFloor(0))
                .hasMessage("Invalid value for argument absoluteFloor: 0.0. Expected a finite number > 0, such as 1e-8.");
        assertThatThrownBy(() -> defaults.withMode(null)).isInstanceOf(NullPointerException.class).hasMessage("mode");
    }

    @Test
    void thresholdsMustIncrease() {
        assertThatThrownBy(() -> new VerdictThresholds(1e-5, 1e-7, 1e-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid verdict thresholds: correct=1.0E-5, fine=1.0E-7, suspicious=0.001. Expected finite"
                        + " numbers with 0 < correct < fine < suspicious, such as the note's 1e-7, 1e-5, 1e-3.");
        assertThatThrownBy(() -> new VerdictThresholds(0, 1e-5, 1e-3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersChangeOneFieldOnly() {
        GradientCheckConfig c = defaults.withSampleSize(20).withSeed(7).withTraining(10, 0.05, 4);
        assertThat(c).isEqualTo(new GradientCheckConfig(1e-7, 20, 7, 10, 0.05, 4, 5, Mode.EVAL, 1e-8,
                VerdictThresholds.NOTE));
    }
}
