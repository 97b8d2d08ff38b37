package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class InputProfileTest {

    // four rows: "small" alternates 1, 3 (σ = 1), "large" 0, 2000 (σ = 1000), "constant" is always 7 (no scale)
    private static final Dataset TABLE = Dataset.classification("table", Matrix.of(DType.FLOAT32, new double[][] {
            {1, 0, 7}, {3, 2000, 7}, {1, 0, 7}, {3, 2000, 7}}), new int[] {0, 1, 0, 1}, List.of("a", "b"),
            List.of("small", "large", "constant"), null);

    @Test
    void measuresTheLargestAndSmallestDeviationOfTheColumnsThatVary() {
        InputProfile profile = InputProfile.of(TABLE, false, "NONE");
        assertThat(profile.kind()).isEqualTo(InputProfile.Kind.TABLE);
        assertThat(profile.normalize()).isEqualTo("none");
        assertThat(profile.largestStd()).isCloseTo(1000, within(1e-9));
        assertThat(profile.largestFeature()).isEqualTo("large");
        assertThat(profile.smallestStd()).isCloseTo(1, within(1e-12));
        assertThat(profile.smallestFeature()).isEqualTo("small");
        assertThat(profile.scaleRatio()).isCloseTo(1000, within(1e-9));
        assertThat(profile.unnormalizedWideScales()).isTrue();
        assertThat(InputProfile.of(TABLE, false, "standard").unnormalizedWideScales()).isFalse();
    }

    @Test
    void scalesLessThanTenTimesApartAreNotWide() {
        Dataset close = Dataset.classification("close", Matrix.of(DType.FLOAT64, new double[][] {{0, 0}, {2, 18}}),
                new int[] {0, 1}, List.of("a", "b"), List.of(), null);
        InputProfile profile = InputProfile.of(close, false, "none");
        assertThat(profile.scaleRatio()).isCloseTo(9, within(1e-12)); // σ = 1 and 9
        assertThat(profile.largestFeature()).isEqualTo("column 1");
        assertThat(profile.unnormalizedWideScales()).isFalse();
    }

    @Test
    void imagesAndTextAreToldApart() {
        Dataset images = Dataset.classification("images", Matrix.of(DType.FLOAT32, new double[][] {{0, 1, 2, 3},
                {3, 2, 1, 0}}), new int[] {0, 1}, List.of("a", "b"), List.of(), new ImageShape(2, 2, 1));
        assertThat(InputProfile.of(images, false, "standard").kind()).isEqualTo(InputProfile.Kind.IMAGES);
        InputProfile text = InputProfile.of(TABLE, true, "none");
        assertThat(text.kind()).isEqualTo(InputProfile.Kind.TEXT);
        assertThat(text.scaleRatio()).isNaN();
        assertThat(text.unnormalizedWideScales()).isFalse();
    }
}
