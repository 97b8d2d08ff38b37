package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class ComposeTest {

    @Test
    void appliesItsStepsInListOrder() {
        ImageShape shape = new ImageShape(2, 4, 1);
        Matrix flipThenShift = Matrix.of(DType.FLOAT64, new double[][] {{1, 2, 3, 4, 5, 6, 7, 8}});
        Matrix shiftThenFlip = flipThenShift.copy();

        // flip (draw 0.0 < 1: flip), then shift dx = +1, dy = 0
        new Compose(List.of(new HorizontalFlip(1), new RandomShift(1)))
                .apply(flipThenShift, shape, ScriptedRandom.of(0.0, 1, 0));
        new Compose(List.of(new RandomShift(1), new HorizontalFlip(1)))
                .apply(shiftThenFlip, shape, ScriptedRandom.of(1, 0, 0.0));

        // 1 2 3 4 / 5 6 7 8 → flip → 4 3 2 1 / 8 7 6 5 → right → 0 4 3 2 / 0 8 7 6
        assertThat(flipThenShift.row(0)).containsExactly(0, 4, 3, 2, 0, 8, 7, 6);
        // 1 2 3 4 / 5 6 7 8 → right → 0 1 2 3 / 0 5 6 7 → flip → 3 2 1 0 / 7 6 5 0
        assertThat(shiftThenFlip.row(0)).containsExactly(3, 2, 1, 0, 7, 6, 5, 0);
    }

    @Test
    void eachStepSeesTheWholeBatchAndTheSameGenerator() {
        List<String> calls = new ArrayList<>();
        Matrix batch = Matrix.zeros(DType.FLOAT32, 3, 4);
        RandomGenerator rng = new SplittableRandom(1);

        new Compose(List.of(new Recorder("a", calls), new Recorder("b", calls), new Recorder("c", calls)))
                .apply(batch, new ImageShape(2, 2, 1), rng);

        assertThat(calls).containsExactly("a:3x4", "b:3x4", "c:3x4");
    }

    @Test
    void theEmptyCompositionChangesNothing() {
        ImageShape shape = new ImageShape(3, 3, 3);
        Matrix original = HorizontalFlipTest.random(DType.FLOAT32, 4, shape.size(), 2);
        Matrix batch = original.copy();

        Augmentation.none().apply(batch, shape, new SplittableRandom(3));

        assertThat(batch.contentEquals(original)).isTrue();
        assertThat(Augmentation.none().id()).isEqualTo("none");
    }

    @Test
    void itsIdJoinsTheStepIds() {
        Compose c = new Compose(List.of(new HorizontalFlip(), new RandomShift(2, RandomShift.Padding.EDGE),
                new Compose(List.of()), new RandomRotation(10), new GaussianNoise(0.05)));

        assertThat(c.id()).isEqualTo("flip=0.5,shift=2:edge,rotate=10.0,noise=0.05");
    }

    @Test
    void checksEveryStepAgainstTheImageShape() {
        Compose c = new Compose(List.of(new HorizontalFlip(), new RandomShift(4)));

        assertThatThrownBy(() -> c.requireApplicable(new ImageShape(4, 4, 1)))
                .hasMessageContaining("Invalid value for argument maxPixels: 4 for images of 4x4x1");
    }

    @Test
    void rejectsNullSteps() {
        assertThatThrownBy(() -> new Compose(Arrays.asList(new HorizontalFlip(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument steps: step 1 is null. Expected augmentations only.");
    }

    private record Recorder(String name, List<String> calls) implements Augmentation {
        @Override
        public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
            calls.add(name + ":" + batch.shapeString());
        }

        @Override
        public String id() {
            return name;
        }
    }
}
