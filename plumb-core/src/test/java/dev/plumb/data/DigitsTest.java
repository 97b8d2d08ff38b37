package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class DigitsTest {

    @Test
    void bundledDigitsHave1797ImagesOf64PixelsInTenClasses() {
        Dataset digits = Digits.load();
        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.featureCount()).isEqualTo(64);
        assertThat(digits.classCount()).isEqualTo(10);
        assertThat(digits.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(digits.features().dtype()).isEqualTo(DType.FLOAT32);

        int[] perClass = new int[10];
        for (int i = 0; i < digits.size(); i++) {
            int label = digits.labels()[i];
            perClass[label]++;
            assertThat(digits.targets().argmaxInRow(i)).isEqualTo(label);
            assertThat(digits.targets().row(i)).as("one-hot row %d", i).containsOnly(0.0, 1.0);
        }
        // scikit-learn's copy of the UCI test set (np.bincount(load_digits().target))
        assertThat(perClass).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    @Test
    void pixelsAreWholeIntensitiesFrom0To16() {
        Matrix x = Digits.load(DType.FLOAT64).features();
        double max = 0;
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            assertThat(v).isBetween(0.0, 16.0);
            assertThat(v).isEqualTo(Math.rint(v));
            max = Math.max(max, v);
        }
        assertThat(max).isEqualTo(16.0);
    }

    @Test
    void bothPrecisionsHoldTheSameValues() {
        assertThat(Digits.load(DType.FLOAT64).features().toDoubleArray())
                .containsExactly(Digits.load(DType.FLOAT32).features().toDoubleArray());
    }
}
