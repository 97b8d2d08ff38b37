package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every check returns a valid value unchanged and otherwise names the argument, the value and what is allowed. */
class ChecksTest {

    @Test
    void integerChecks() {
        assertThat(Checks.positive("units", 3)).isEqualTo(3);
        assertRejected(() -> Checks.positive("units", 0), "units", "0", "positive integer");
        assertThat(Checks.nonNegative("rows", 0)).isZero();
        assertRejected(() -> Checks.nonNegative("rows", -2), "rows", "-2", ">= 0");
    }

    @Test
    void realChecks() {
        assertThat(Checks.finite("lambda", -1.5)).isEqualTo(-1.5);
        assertRejected(() -> Checks.finite("lambda", Double.NaN), "lambda", "NaN", "finite");
        assertThat(Checks.positive("learningRate", 1e-3)).isEqualTo(1e-3);
        assertRejected(() -> Checks.positive("learningRate", 0.0), "learningRate", "0.0", "> 0");
        assertRejected(() -> Checks.positive("learningRate", Double.POSITIVE_INFINITY), "learningRate", "Infinity", "finite");
        assertThat(Checks.nonNegative("weightDecay", 0.0)).isZero();
        assertRejected(() -> Checks.nonNegative("weightDecay", -0.1), "weightDecay", "-0.1", ">= 0");
        assertRejected(() -> Checks.nonNegative("weightDecay", Double.NaN), "weightDecay", "NaN", ">= 0");
    }

    @Test
    void intervalChecks() {
        assertThat(Checks.keepProbability("keepProb", 1.0)).isEqualTo(1.0);
        assertThat(Checks.keepProbability("keepProb", 0.2)).isEqualTo(0.2);
        assertRejected(() -> Checks.keepProbability("keepProb", 0.0), "keepProb", "0.0", "(0, 1]");
        assertRejected(() -> Checks.keepProbability("keepProb", 1.5), "keepProb", "1.5", "(0, 1]");
        assertThat(Checks.unitInterval("momentum", 0.0)).isZero();
        assertRejected(() -> Checks.unitInterval("momentum", 1.0), "momentum", "1.0", "[0, 1)");
        assertRejected(() -> Checks.unitInterval("momentum", Double.NaN), "momentum", "NaN", "[0, 1)");
    }

    @Test
    void indexCheckThrowsIndexOutOfBounds() {
        Checks.index("row", 0, 1);
        assertThatThrownBy(() -> Checks.index("row", 3, 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("row").hasMessageContaining("3").hasMessageContaining("0 <= row < 3");
        assertThatThrownBy(() -> Checks.index("row", -1, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("-1");
    }

    @Test
    void allFiniteReturnsAFiniteMatrix() {
        Matrix m = Matrix.of(DType.FLOAT32, new double[][] {{1, 2}, {3, 4}});
        assertThat(Checks.allFinite("x", m)).isSameAs(m); // rejections are in MatrixTest
    }

    private static void assertRejected(ThrowingCallable call, String argument, String value, String allowed) {
        assertThatThrownBy(call)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument " + argument + ": " + value)
                .hasMessageContaining(allowed);
    }
}
