package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.data.ImageShape;
import dev.plumb.data.augment.RandomShift.Padding;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class RandomShiftTest {

    private static final ImageShape SHAPE_3X4 = new ImageShape(3, 4, 1);
    private static final double[] IMAGE_3X4 = {
        1, 2, 3, 4,
        5, 6, 7, 8,
        9, 10, 11, 12};

    @Test
    void shiftRightAndUpMovesPixelsAndFillsWithZeros() {
        Matrix batch = Matrix.of(DType.FLOAT32, new double[][] {IMAGE_3X4});

        // dx = +1 (right), dy = -1 (up)
        new RandomShift(2).apply(batch, SHAPE_3X4, ScriptedRandom.of(1, -1));

        assertThat(batch.row(0)).containsExactly(
                0, 5, 6, 7,
                0, 9, 10, 11,
                0, 0, 0, 0);
    }

    @Test
    void shiftLeftAndDownByTwo() {
        double[] target = new double[12];

        RandomShift.shift(IMAGE_3X4, target, SHAPE_3X4, -2, 2, Padding.ZERO);

        assertThat(target).containsExactly(
                0, 0, 0, 0,
                0, 0, 0, 0,
                3, 4, 0, 0);
    }

    @Test
    void edgePaddingRepeatsTheNearestPixel() {
        double[] target = new double[12];

        RandomShift.shift(IMAGE_3X4, target, SHAPE_3X4, 1, -1, Padding.EDGE);

        assertThat(target).containsExactly(
                5, 5, 6, 7,
                9, 9, 10, 11,
                9, 9, 10, 11);
    }

    @Test
    void rgbPixelsMoveAsUnits() {
        ImageShape shape = new ImageShape(2, 2, 3);
        Matrix batch = Matrix.of(DType.FLOAT64, new double[][] {{
            11, 12, 13, 21, 22, 23,
            31, 32, 33, 41, 42, 43}});

        // dx = +1, dy = +1: pixel (0, 0) lands on (1, 1), everything else leaves the image
        new RandomShift(1).apply(batch, shape, ScriptedRandom.of(1, 1));

        assertThat(batch.row(0)).containsExactly(
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 11, 12, 13);
    }

    @Test
    void eachImageGetsItsOwnOffset() {
        ImageShape shape = new ImageShape(2, 3, 1);
        Matrix batch = Matrix.of(DType.FLOAT32, new double[][] {{1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 6}});

        // image 0: dx = +1, dy = 0; image 1: dx = -1, dy = +1
        new RandomShift(1).apply(batch, shape, ScriptedRandom.of(1, 0, -1, 1));

        assertThat(batch.row(0)).containsExactly(
                0, 1, 2,
                0, 4, 5);
        assertThat(batch.row(1)).containsExactly(
                0, 0, 0,
                2, 3, 0);
    }

    @Test
    void offsetsAreUniformOverMinusMaxToMax() {
        // a 7×7 image with a single 1 in the centre: after the shift the 1 sits at (3 + dy, 3 + dx)
        ImageShape shape = new ImageShape(7, 7, 1);
        int m = 9_800;
        Matrix batch = Matrix.zeros(DType.FLOAT32, m, shape.size());
        for (int i = 0; i < m; i++) {
            batch.set(i, shape.index(3, 3, 0), 1);
        }

        new RandomShift(3).apply(batch, shape, new SplittableRandom(8));

        int[] byDx = new int[7];
        int[] byDy = new int[7];
        for (int i = 0; i < m; i++) {
            int ones = 0;
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 7; x++) {
                    if (batch.get(i, shape.index(y, x, 0)) == 1) {
                        byDx[x]++;
                        byDy[y]++;
                        ones++;
                    }
                }
            }
            assertThat(ones).as("image %d keeps its pixel", i).isEqualTo(1);
        }
        for (int k = 0; k < 7; k++) { // 1 400 expected per offset; binomial sd ≈ 34
            assertThat(byDx[k]).as("dx = %d", k - 3).isBetween(1400 - 170, 1400 + 170);
            assertThat(byDy[k]).as("dy = %d", k - 3).isBetween(1400 - 170, 1400 + 170);
        }
    }

    @Test
    void maxPixelsZeroIsTheIdentity() {
        ImageShape shape = new ImageShape(4, 4, 3);
        Matrix original = HorizontalFlipTest.random(DType.FLOAT32, 20, shape.size(), 9);
        Matrix batch = original.copy();

        new RandomShift(0).apply(batch, shape, new SplittableRandom(10));

        assertThat(batch.contentEquals(original)).isTrue();
    }

    @Test
    void rejectsANegativeMaximum() {
        assertThatThrownBy(() -> new RandomShift(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument maxPixels: -1. Expected an integer >= 0 and smaller than "
                        + "the image's height and width.");
        assertThatThrownBy(() -> new RandomShift(1, null)).isInstanceOf(NullPointerException.class).hasMessage("padding");
    }

    @Test
    void rejectsAShiftAsLargeAsTheImage() {
        RandomShift shift = new RandomShift(3);
        ImageShape shape = new ImageShape(3, 8, 1);

        assertThatThrownBy(() -> shift.requireApplicable(shape)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument maxPixels: 3 for images of 3x8x1. Expected maxPixels < 3 "
                        + "(the shorter image side); a shift that large can move the whole image out of view.");
        assertThatThrownBy(() -> shift.apply(Matrix.zeros(DType.FLOAT32, 1, 24), shape, new SplittableRandom(1)))
                .hasMessageContaining("Expected maxPixels < 3");
    }
}
