package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class NormalizerTest {

    private static final double[][] TRAIN = {{1, 10, 5}, {3, 20, 5}, {2, 40, 5}};

    private static Split.Parts parts() {
        double[][] rows = {{1, 10, 5}, {3, 20, 5}, {2, 40, 5}, {100, -5, 5}, {7, 7, 7}};
        Dataset all = Dataset.classification("toy", Matrix.of(DType.FLOAT64, rows), new int[] {0, 1, 0, 1, 0}, List.of("a", "b"));
        return Split.ofSeparateSets(all.subset("train", new int[] {0, 1, 2}), all.subset("dev", new int[] {3}),
                all.subset("test", new int[] {4}), false);
    }

    @Test
    void minMaxMapsTrainingRangeToUnitIntervalAndConstantsToZero() {
        Split.Parts p = parts();
        MinMaxScaler scaler = MinMaxScaler.fit(p.train());
        assertThat(scaler.min()).containsExactly(1, 10, 5);
        assertThat(scaler.max()).containsExactly(3, 40, 5);
        Matrix t = scaler.transform(p.train().features());
        for (int i = 0; i < 3; i++) { // (x − min)/(max − min) by hand
            assertThat(t.get(i, 0)).isEqualTo((TRAIN[i][0] - 1) / 2.0);
            assertThat(t.get(i, 1)).isEqualTo((TRAIN[i][1] - 10) / 30.0);
            assertThat(t.get(i, 2)).isZero();
        }
        Matrix dev = scaler.transform(p.dev().features()); // train statistics, so outside [0, 1]
        assertThat(dev.get(0, 0)).isEqualTo(99 / 2.0);
        assertThat(dev.get(0, 1)).isEqualTo(-15 / 30.0);
    }

    @Test
    void fittingOnDevOrTestIsRefusedWithTheFix() {
        Split.Parts p = parts();
        for (Dataset heldOut : List.of(p.dev(), p.test())) {
            assertThatThrownBy(() -> Standardizer.fit(heldOut)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("training split only");
            assertThatThrownBy(() -> MinMaxScaler.fit(heldOut)).hasMessageContaining(heldOut.role().name());
            assertThatThrownBy(() -> Normalizer.Kind.STANDARD.fit(heldOut)).hasMessageContaining("parts.train()");
        }
    }

    @Test
    void stateRoundTripsToAnEqualNormalizer() {
        Split.Parts p = parts();
        for (Normalizer n : List.<Normalizer>of(Standardizer.fit(p.train()), MinMaxScaler.fit(p.train()))) {
            Normalizer back = Normalizer.of(n.state());
            assertThat(back).isEqualTo(n);
            assertThat(back.transform(p.dev().features()).contentEquals(n.transform(p.dev().features()))).isTrue();
        }
    }

    @Test
    void kindsParseAndBadOnesListTheChoices() {
        assertThat(Normalizer.Kind.parse("standard")).isEqualTo(Normalizer.Kind.STANDARD);
        assertThat(Normalizer.Kind.parse("min-max")).isEqualTo(Normalizer.Kind.MINMAX);
        assertThat(Normalizer.Kind.NONE.fit(parts().train())).isNull();
        assertThatThrownBy(() -> Normalizer.Kind.parse("zca")).hasMessageContaining("standard, minmax, none");
        assertThatThrownBy(() -> Normalizer.of(new Normalizer.State("robust", new double[1], new double[1])))
                .hasMessageContaining("robust");
        assertThatThrownBy(() -> MinMaxScaler.of(new double[] {2}, new double[] {1})).hasMessageContaining("min <= max");
    }
}
