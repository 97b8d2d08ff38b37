package dev.plumb.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.nn.Parameter;

class SgdTest {

    @Test
    void oneStepIsThetaMinusLearningRateTimesGradient() {
        Parameter p = Parameters.of(0.5, -1.0, 2.0);
        Parameters.setGradient(p, 0.3, -0.2, 4.0);
        new Sgd().step(List.of(p), 0.1);
        assertThat(p.value().toDoubleArray()).containsExactly(new double[] {0.5 - 0.03, -1.0 + 0.02, 2.0 - 0.4}, within(1e-15));
        assertThat(p.grad().toDoubleArray()).as("the gradient is left alone").containsExactly(0.3, -0.2, 4.0);
    }

    @Test
    void threeStepsWithChangingGradientsAndRatesFollowTheRecurrence() {
        double[][] gradients = {{0.3, -0.2}, {-1.0, 0.5}, {0.05, 2.0}};
        double[] rates = {0.1, 0.05, 0.2};
        Parameter p = Parameters.of(1.0, -1.0);
        double[] theta = {1.0, -1.0};
        Sgd sgd = new Sgd();
        for (int t = 0; t < 3; t++) {
            Parameters.setGradient(p, gradients[t]);
            sgd.step(List.of(p), rates[t]);
            for (int i = 0; i < 2; i++) {
                theta[i] -= rates[t] * gradients[t][i];
            }
        }
        assertThat(p.value().toDoubleArray()).containsExactly(theta, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void invalidLearningRateIsRejectedNamingArgumentAndValue(double rate) {
        Parameter p = Parameters.of(1.0);
        assertThatThrownBy(() -> new Sgd().step(List.of(p), rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate")
                .hasMessageContaining(String.valueOf(rate));
        assertThat(p.value().get(0)).isEqualTo(1.0);
    }
}
