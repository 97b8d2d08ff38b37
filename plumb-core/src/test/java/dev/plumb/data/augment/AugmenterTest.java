package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class AugmenterTest {

    private static final ImageShape SHAPE = new ImageShape(8, 8, 3);
    private static final Augmentation ALL = Augmentation.parse("flip,shift=2,rotate=10,noise=0.05");
    private static final Matrix IMAGES = HorizontalFlipTest.random(DType.FLOAT32, 16, SHAPE.size(), 21);

    @Test
    void theSameSeedGivesTheSameAugmentedBatches() {
        Augmenter a = new Augmenter(Augmentation.parse(ALL.id()), SHAPE, 42);
        Augmenter b = new Augmenter(Augmentation.parse(ALL.id()), SHAPE, 42);

        for (int step = 0; step < 3; step++) {
            Matrix x = IMAGES.copy();
            Matrix y = IMAGES.copy();
            a.augment(x);
            b.augment(y);
            assertThat(x.contentEquals(y)).as("batch %d", step).isTrue();
            assertThat(x.contentEquals(IMAGES)).as("batch %d changed", step).isFalse();
        }
    }

    @Test
    void differentSeedsGiveDifferentBatches() {
        Matrix x = IMAGES.copy();
        Matrix y = IMAGES.copy();

        new Augmenter(ALL, SHAPE, 1).augment(x);
        new Augmenter(Augmentation.parse(ALL.id()), SHAPE, 2).augment(y);

        assertThat(x.contentEquals(y)).isFalse();
    }

    @Test
    void anEpochsStreamDependsOnlyOnSeedAndEpoch() {
        Augmenter uninterrupted = new Augmenter(ALL, SHAPE, 7);
        Matrix epoch3 = null;
        for (int epoch = 1; epoch <= 3; epoch++) {
            uninterrupted.beginEpoch(epoch);
            for (int batch = 0; batch < 4; batch++) {
                Matrix x = IMAGES.copy();
                uninterrupted.augment(x);
                if (epoch == 3 && batch == 0) {
                    epoch3 = x;
                }
            }
        }
        Augmenter resumed = new Augmenter(Augmentation.parse(ALL.id()), SHAPE, 7);
        resumed.beginEpoch(3);
        Matrix x = IMAGES.copy();
        resumed.augment(x);
        Matrix epoch2 = IMAGES.copy();
        resumed.beginEpoch(2);
        resumed.augment(epoch2);

        assertThat(x.contentEquals(epoch3)).isTrue();
        assertThat(epoch2.contentEquals(epoch3)).isFalse();
        assertThat(resumed.epoch()).isEqualTo(2);
    }

    @Test
    void dataWithoutAnImageShapeCannotBeAugmented() {
        assertThatThrownBy(() -> new Augmenter(ALL, null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument shape: null. Augmentation transforms images, and this data set has no "
                        + "image shape (Dataset.imageShape() is null); train without augmentation.");
    }

    @Test
    void anAugmentationThatDoesNotFitTheImagesFailsAtConstruction() {
        assertThatThrownBy(() -> new Augmenter(Augmentation.parse("flip,shift=8"), SHAPE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for argument maxPixels: 8 for images of 8x8x3. Expected maxPixels < 8");
    }

    @Test
    void aBatchOfOtherRowsIsRejected() {
        Augmenter augmenter = new Augmenter(ALL, SHAPE, 1);

        assertThatThrownBy(() -> augmenter.augment(Matrix.zeros(DType.FLOAT32, 2, 64)))
                .hasMessage("Invalid argument batch: rows of 64 features, but images of shape 8x8x3 have 192. "
                        + "Expected one flattened image per row.");
    }

    @Test
    void itsIdIsTheAugmentationSpec() {
        assertThat(new Augmenter(ALL, SHAPE, 1).id()).isEqualTo("flip=0.5,shift=2,rotate=10.0,noise=0.05");
    }

    /**
     * The trainer calls {@code augment} on its reused batch buffer once per mini-batch, so once warm it
     * must allocate nothing: many calls together allocate less than a few bytes per call.
     */
    @Test
    void augmentingAllocatesNothingPerBatchOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (DType dtype : DType.values()) {
            Augmenter augmenter = new Augmenter(Augmentation.parse("flip,shift=2:edge,rotate=10,noise=0.05:0:1"), SHAPE, 3);
            Matrix batch = IMAGES.to(dtype).copy();
            for (int warm = 0; warm < 2_000; warm++) {
                augmenter.augment(batch);
            }
            int calls = 2_000;

            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < calls; i++) {
                augmenter.augment(batch);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;

            String figures = TestFigures.print("%s: %,d augment calls allocated %,d bytes: %.3f bytes per call",
                    dtype, calls, allocated, (double) allocated / calls);
            // one 16-byte object per call would be 16 bytes per call
            assertThat((double) allocated / calls).as(figures).isLessThan(2.0);
        }
    }
}
