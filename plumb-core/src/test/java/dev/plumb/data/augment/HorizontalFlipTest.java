package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class HorizontalFlipTest {

    @Test
    void probabilityOneMirrorsAnAsymmetricImageExactly() {
        ImageShape shape = new ImageShape(2, 3, 1);
        Matrix batch = Matrix.of(DType.FLOAT32, new double[][] {
                {1, 2, 3,
                 4, 5, 6},
                {7, 0, 0,
                 0, 0, 9}});

        new HorizontalFlip(1.0).apply(batch, shape, new SplittableRandom(1));

        assertThat(batch.row(0)).containsExactly(3, 2, 1, 6, 5, 4);
        assertThat(batch.row(1)).containsExactly(0, 0, 7, 9, 0, 0);
    }

    @Test
    void flippingTwiceGivesTheOriginalExactly() {
        for (ImageShape shape : new ImageShape[] {new ImageShape(5, 7, 1), new ImageShape(4, 6, 3), new ImageShape(3, 1, 1)}) {
            for (DType dtype : DType.values()) {
                Matrix original = random(dtype, 9, shape.size(), 5);
                Matrix batch = original.copy();
                HorizontalFlip flip = new HorizontalFlip(1.0);

                flip.apply(batch, shape, new SplittableRandom(2));
                assertThat(batch.contentEquals(original)).as("%s %s flipped once", shape, dtype)
                        .isEqualTo(shape.width() == 1);
                flip.apply(batch, shape, new SplittableRandom(3));

                assertThat(batch.contentEquals(original)).as("%s %s flipped twice", shape, dtype).isTrue();
            }
        }
    }

    @Test
    void probabilityZeroIsTheIdentity() {
        ImageShape shape = new ImageShape(4, 4, 3);
        Matrix original = random(DType.FLOAT32, 50, shape.size(), 6);
        Matrix batch = original.copy();

        new HorizontalFlip(0.0).apply(batch, shape, new SplittableRandom(4));

        assertThat(batch.contentEquals(original)).isTrue();
    }

    @Test
    void rgbPixelsMoveAsUnitsAndKeepTheirChannelOrder() {
        ImageShape shape = new ImageShape(1, 2, 3);
        Matrix batch = Matrix.of(DType.FLOAT64, new double[][] {{1, 2, 3, 4, 5, 6}});

        new HorizontalFlip(1.0).apply(batch, shape, new SplittableRandom(5));

        // a naive reversal of the row would give 6, 5, 4, 3, 2, 1 (BGR pixels)
        assertThat(batch.row(0)).containsExactly(4, 5, 6, 1, 2, 3);
    }

    @Test
    void eachImageGetsItsOwnDraw() {
        ImageShape shape = new ImageShape(1, 2, 1);
        Matrix batch = Matrix.of(DType.FLOAT64, new double[][] {{1, 2}, {1, 2}, {1, 2}});

        // draws below 0.3 flip: rows 0 and 2
        new HorizontalFlip(0.3).apply(batch, shape, ScriptedRandom.of(0.1, 0.3, 0.29));

        assertThat(batch.row(0)).containsExactly(2, 1);
        assertThat(batch.row(1)).containsExactly(1, 2);
        assertThat(batch.row(2)).containsExactly(2, 1);
    }

    @Test
    void defaultFlipsAboutHalfTheImages() {
        ImageShape shape = new ImageShape(1, 2, 1);
        int m = 10_000;
        Matrix batch = Matrix.zeros(DType.FLOAT32, m, 2);
        for (int i = 0; i < m; i++) {
            batch.set(i, 0, 1);
        }

        new HorizontalFlip().apply(batch, shape, new SplittableRandom(6));

        double flipped = 0;
        for (int i = 0; i < m; i++) {
            flipped += batch.get(i, 1);
        }
        // binomial(10 000, 0.5): standard deviation 50
        assertThat(flipped).isBetween(5000.0 - 250, 5000.0 + 250);
    }

    @Test
    void rejectsAProbabilityOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new HorizontalFlip(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument probability: 1.5. Expected a probability in [0, 1]; "
                        + "0.5 flips half the images.");
        assertThatThrownBy(() -> new HorizontalFlip(Double.NaN)).hasMessageContaining("probability: NaN");
    }

    @Test
    void rejectsABatchWhoseRowsAreNotImagesOfTheShape() {
        Matrix batch = Matrix.zeros(DType.FLOAT32, 2, 10);

        assertThatThrownBy(() -> new HorizontalFlip().apply(batch, new ImageShape(3, 3, 1), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument batch: rows of 10 features, but images of shape 3x3x1 have 9. "
                        + "Expected one flattened image per row.");
    }

    static Matrix random(DType dtype, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble(-3, 3));
        }
        return m;
    }
}
