package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.ImageShape;
import dev.plumb.data.Standardizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class InPixelSpaceTest {

    private static final Dataset DIGITS = Digits.load(DType.FLOAT64);
    private static final ImageShape SHAPE = DIGITS.imageShape();
    private static final Standardizer STANDARDIZER = Standardizer.fit(DIGITS);

    @Test
    void augmentingAStandardizedBatchEqualsStandardizingTheAugmentedPixels() {
        Matrix raw = DIGITS.features().rowRange(0, 3);
        Matrix standardized = STANDARDIZER.transform(raw);
        // per image: dx, dy
        Number[] draws = {1, 0, -2, 1, 0, 2};

        new InPixelSpace(new RandomShift(2), STANDARDIZER).apply(standardized, SHAPE, ScriptedRandom.of(draws));
        Matrix rawShifted = raw.copy();
        new RandomShift(2).apply(rawShifted, SHAPE, ScriptedRandom.of(draws));
        Matrix reference = STANDARDIZER.transform(rawShifted);

        for (int i = 0; i < reference.size(); i++) {
            assertThat(standardized.get(i)).as("element %d", i).isCloseTo(reference.get(i), within(1e-12));
        }
    }

    @Test
    void paddingIsABlackPixelNotTheFeatureMean() {
        Matrix raw = DIGITS.features().rowRange(0, 1);
        Matrix standardized = STANDARDIZER.transform(raw);

        // dx = +1: column 0 is uncovered
        new InPixelSpace(new RandomShift(1), STANDARDIZER).apply(standardized, SHAPE, ScriptedRandom.of(1, 0));

        double[] mean = STANDARDIZER.mean();
        double[] std = STANDARDIZER.std();
        for (int y = 0; y < 8; y++) {
            int j = SHAPE.index(y, 0, 0);
            double blackStandardized = std[j] == 0 ? -mean[j] : -mean[j] / std[j];
            assertThat(standardized.get(0, j)).as("row %d", y).isCloseTo(blackStandardized, within(1e-12));
        }
    }

    @Test
    void itsIdIsTheInnerSpec() {
        assertThat(new InPixelSpace(Augmentation.parse("flip,rotate=5"), STANDARDIZER).id()).isEqualTo("flip=0.5,rotate=5.0");
    }

    @Test
    void rejectsImagesOfAnotherSizeThanTheStandardizer() {
        InPixelSpace augmentation = new InPixelSpace(new HorizontalFlip(), STANDARDIZER);

        assertThatThrownBy(() -> augmentation.requireApplicable(new ImageShape(4, 4, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument shape: images of 4x4x1 have 16 pixels, but the standardizer was fitted on "
                        + "64 features.");
    }
}
