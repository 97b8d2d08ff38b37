package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.data.ImageShape;
import dev.plumb.data.Standardizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * {@link ImagePipeline} (draw for the batch, then each image through every step on one scratch row) against the
 * way augmentations were applied before it: each step over the whole batch in turn, reading each image out of the
 * batch and writing it back, drawing as it goes, and {@link InPixelSpace}'s three passes. Bit for bit, in both
 * precisions, for gray and colour images.
 */
class ImagePipelineTest {

    private static final int IMAGES = 37;

    private static Matrix batch(DType dtype, ImageShape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(dtype, IMAGES, shape.size());
        for (int i = 0; i < m.size(); i++) {
            m.set(i, r.nextDouble() * 255);
        }
        return m;
    }

    /** Each step over the whole batch, image by image through the batch, drawing as it goes. */
    private static void stepByStep(List<Augmentation> steps, Matrix batch, ImageShape shape, SplittableRandom rng) {
        double[] source = new double[shape.size()];
        double[] target = new double[shape.size()];
        for (Augmentation step : steps) {
            for (int i = 0; i < batch.rows(); i++) {
                if (step instanceof RandomShift s) {
                    int dx = rng.nextInt(-s.maxPixels(), s.maxPixels() + 1);
                    int dy = rng.nextInt(-s.maxPixels(), s.maxPixels() + 1);
                    if (dx == 0 && dy == 0) {
                        continue;
                    }
                    batch.rowInto(i, source);
                    RandomShift.shift(source, target, shape, dx, dy, s.padding());
                    batch.setRow(i, target);
                } else if (step instanceof HorizontalFlip f) {
                    if (rng.nextDouble() < f.probability()) {
                        batch.rowInto(i, source);
                        HorizontalFlip.mirror(source, shape);
                        batch.setRow(i, source);
                    }
                } else {
                    RandomRotation r = (RandomRotation) step;
                    double degrees = rng.nextDouble(-r.maxDegrees(), r.maxDegrees());
                    batch.rowInto(i, source);
                    RandomRotation.rotate(source, target, shape, degrees);
                    batch.setRow(i, target);
                }
            }
        }
    }

    private static final List<List<Augmentation>> CASES = List.of(
            List.of(new RandomShift(2)),
            List.of(new RandomShift(3, RandomShift.Padding.EDGE)),
            List.of(new HorizontalFlip()),
            List.of(new RandomRotation(10)),
            List.of(new RandomRotation(45)),
            List.of(new HorizontalFlip(), new RandomRotation(10)),
            List.of(new HorizontalFlip(0.7), new RandomShift(2), new RandomRotation(15), new RandomShift(1)));

    @ParameterizedTest
    @EnumSource(DType.class)
    void givesWhatApplyingEachStepToTheBatchGave(DType dtype) {
        for (ImageShape shape : List.of(new ImageShape(28, 28, 1), new ImageShape(9, 13, 3))) {
            for (List<Augmentation> steps : CASES) {
                Matrix expected = batch(dtype, shape, 5);
                stepByStep(steps, expected, shape, new SplittableRandom(11));
                Matrix actual = batch(dtype, shape, 5);
                Augmentation augmentation = steps.size() == 1 ? steps.get(0) : new Compose(steps);
                augmentation.apply(actual, shape, new SplittableRandom(11));
                assertThat(actual.contentEquals(expected)).as("%s on %s images", steps, shape).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void inPixelSpaceGivesWhatItsThreePassesGave(DType dtype) {
        ImageShape shape = new ImageShape(28, 28, 1);
        double[] mean = new double[shape.size()];
        double[] std = new double[shape.size()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = 30 + j % 17;
            std[j] = j % 29 == 0 ? 0 : 40 + j % 13; // some constant features: divided by 1
        }
        Standardizer standardizer = Standardizer.of(mean, std);
        double[] offsets = standardizer.offsets();
        double[] divisors = standardizer.divisors();
        for (List<Augmentation> steps : CASES) {
            Matrix expected = batch(dtype, shape, 7);
            double[] row = new double[shape.size()];
            for (int i = 0; i < IMAGES; i++) {
                expected.rowInto(i, row);
                for (int j = 0; j < row.length; j++) {
                    row[j] = row[j] * divisors[j] + offsets[j];
                }
                expected.setRow(i, row);
            }
            stepByStep(steps, expected, shape, new SplittableRandom(13));
            for (int i = 0; i < IMAGES; i++) {
                expected.rowInto(i, row);
                for (int j = 0; j < row.length; j++) {
                    row[j] = (row[j] - offsets[j]) / divisors[j];
                }
                expected.setRow(i, row);
            }
            Matrix actual = batch(dtype, shape, 7);
            Augmentation inner = steps.size() == 1 ? steps.get(0) : new Compose(steps);
            new InPixelSpace(inner, standardizer).apply(actual, shape, new SplittableRandom(13));
            assertThat(actual.contentEquals(expected)).as("%s", steps).isTrue();
        }
    }
}
