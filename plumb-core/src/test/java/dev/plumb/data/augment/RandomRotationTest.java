package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class RandomRotationTest {

    @Test
    void ninetyDegreesTurnsAHandMadeImageCounterClockwise() {
        ImageShape shape = new ImageShape(3, 3, 1);
        double[] image = {
            1, 2, 3,
            4, 5, 6,
            7, 8, 9};
        double[] target = new double[9];

        RandomRotation.rotate(image, target, shape, 90);

        // the right column becomes the top row
        assertThat(target).containsExactly(
                3, 6, 9,
                2, 5, 8,
                1, 4, 7);
    }

    @Test
    void fourQuarterTurnsOfAnEvenSizedImageGiveItBackExactly() {
        ImageShape shape = new ImageShape(4, 4, 1);
        double[] image = new double[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i + 1;
        }
        double[] a = image.clone();
        double[] b = new double[16];

        RandomRotation.rotate(a, b, shape, 90);
        // a quarter turn of a 4×4 grid about (1.5, 1.5): out(y, x) = in(x, 3 − y)
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(b[y * 4 + x]).isEqualTo(image[x * 4 + (3 - y)]);
            }
        }
        for (int turn = 0; turn < 3; turn++) {
            RandomRotation.rotate(b, a, shape, 90);
            System.arraycopy(a, 0, b, 0, 16);
        }

        assertThat(b).containsExactly(image);
    }

    @Test
    void rgbPixelsRotateAsUnits() {
        ImageShape shape = new ImageShape(2, 2, 3);
        double[] image = {
            11, 12, 13, 21, 22, 23,
            31, 32, 33, 41, 42, 43};
        double[] target = new double[12];

        RandomRotation.rotate(image, target, shape, 90);

        // pixels: [a b; c d] turns into [b d; a c]
        assertThat(target).containsExactly(
                21, 22, 23, 41, 42, 43,
                11, 12, 13, 31, 32, 33);
    }

    @Test
    void aConstantImageStaysConstantInsideTheInscribedCircle() {
        ImageShape shape = new ImageShape(9, 9, 1);
        int m = 200;
        Matrix batch = Matrix.zeros(DType.FLOAT64, m, shape.size());
        batch.fill(0.75);

        new RandomRotation(45).apply(batch, shape, new SplittableRandom(11));

        // a pixel within (n − 1)/2 of the centre samples a point inside the image: all weights are real pixels
        double radius = (shape.width() - 1) / 2.0;
        for (int i = 0; i < m; i++) {
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 9; x++) {
                    double value = batch.get(i, shape.index(y, x, 0));
                    if (Math.hypot(x - 4, y - 4) <= radius) {
                        assertThat(value).as("image %d pixel (%d, %d)", i, y, x).isCloseTo(0.75, within(1e-12));
                    } else {
                        assertThat(value).as("image %d pixel (%d, %d)", i, y, x).isBetween(0.0, 0.75 + 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void cornersUncoveredByTheRotationAreFilledWithZero() {
        ImageShape shape = new ImageShape(8, 8, 1);
        double[] ones = new double[64];
        java.util.Arrays.fill(ones, 1);
        double[] target = new double[64];

        RandomRotation.rotate(ones, target, shape, 45);

        // the corner (0, 0) is 3.5·√2 ≈ 4.95 from the centre; turned back by 45° it samples (3.5, −1.45)
        // (x, y), more than one pixel above the image
        assertThat(target[shape.index(0, 0, 0)]).isZero();
        assertThat(target[shape.index(7, 7, 0)]).isZero();
        assertThat(target[shape.index(3, 3, 0)]).isEqualTo(1.0);
    }

    @Test
    void aLinearRampIsInterpolatedExactlyAtTheRotatedPosition() {
        // bilinear interpolation reproduces a linear function exactly, so inside the image the rotated
        // ramp f(x, y) = x must equal the closed form f(source) = cx + u·cosθ − v·sinθ
        ImageShape shape = new ImageShape(11, 11, 1);
        double[] ramp = new double[121];
        for (int y = 0; y < 11; y++) {
            for (int x = 0; x < 11; x++) {
                ramp[shape.index(y, x, 0)] = x;
            }
        }
        double[] target = new double[121];
        double degrees = 30;

        RandomRotation.rotate(ramp, target, shape, degrees);

        double cos = Math.cos(Math.PI / 6);
        double sin = 0.5;
        for (int y = 0; y < 11; y++) {
            for (int x = 0; x < 11; x++) {
                double u = x - 5;
                double v = y - 5;
                if (Math.hypot(u, v) <= 5) {
                    assertThat(target[shape.index(y, x, 0)]).as("pixel (%d, %d)", y, x)
                            .isCloseTo(5 + u * cos - v * sin, within(1e-12));
                }
            }
        }
    }

    @Test
    void theAngleIsDrawnPerImageWithinPlusMinusMax() {
        ImageShape shape = new ImageShape(3, 3, 1);
        Matrix batch = Matrix.of(DType.FLOAT64, new double[][] {
                {1, 2, 3, 4, 5, 6, 7, 8, 9},
                {1, 2, 3, 4, 5, 6, 7, 8, 9}});
        ScriptedRandom rng = ScriptedRandom.of(0.0, -10.0); // ScriptedRandom checks each lies in [-10, 10)

        new RandomRotation(10).apply(batch, shape, rng);

        assertThat(batch.row(0)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(batch.get(1, 4)).isCloseTo(5, within(1e-12)); // the centre is fixed
        assertThat(batch.row(1)).isNotEqualTo(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(rng.exhausted()).isTrue();
    }

    @Test
    void rejectsLargeOrNonPositiveMaxima() {
        assertThatThrownBy(() -> new RandomRotation(90)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument maxDegrees: 90.0. Expected degrees in (0, 45]; "
                        + "augmentation rotations are small, e.g. 10.");
        assertThatThrownBy(() -> new RandomRotation(0)).hasMessageContaining("maxDegrees: 0.0");
        assertThatThrownBy(() -> new RandomRotation(Double.NaN)).hasMessageContaining("maxDegrees: NaN");
        assertThat(new RandomRotation(45).maxDegrees()).isEqualTo(45);
    }
}
