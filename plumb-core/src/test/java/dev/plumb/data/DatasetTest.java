package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class DatasetTest {

    @Test
    void classificationTargetsAreTheOneHotLabels() {
        Dataset d = Dataset.classification("toy", Matrix.zeros(DType.FLOAT32, 3, 2), new int[] {2, 0, 1}, List.of("a", "b", "c"));
        assertThat(d.targets().toDoubleArray()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0);
        assertThat(d.isClassification()).isTrue();
        assertThat(d.classCount()).isEqualTo(3);
    }

    @Test
    void aNaNFeatureIsRejectedNamingTheElement() {
        double[][] x = {{1, 2, 3}, {4, 5, Double.NaN}};
        assertThatThrownBy(() -> Dataset.classification("toy", Matrix.of(DType.FLOAT64, x), new int[] {0, 1}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features of toy")
                .hasMessageContaining("element (1, 2)")
                .hasMessageContaining("NaN");
        x[1][2] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> new Dataset("toy", Matrix.of(DType.FLOAT32, x), Matrix.zeros(DType.FLOAT32, 2, 1), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element (1, 2)")
                .hasMessageContaining("-Infinity");
    }

    @Test
    void inconsistentShapesAndLabelsAreRejectedWithTheCounts() {
        assertThatThrownBy(() -> new Dataset("toy", Matrix.zeros(DType.FLOAT32, 3, 2), Matrix.zeros(DType.FLOAT32, 2, 1), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 feature rows but 2 target rows");
        assertThatThrownBy(() -> Dataset.classification("toy", Matrix.zeros(DType.FLOAT32, 2, 2), new int[] {0, 3}, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at example 1: 3")
                .hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> Dataset.classification("toy", Matrix.zeros(DType.FLOAT32, 2, 2), new int[] {0, 0}, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 classes");
    }

    @Test
    void subsetTakesTheGivenRowsInOrder() {
        Matrix x = Matrix.of(DType.FLOAT64, new double[][] {{0, 0}, {1, 10}, {2, 20}, {3, 30}});
        Dataset d = Dataset.classification("toy", x, new int[] {0, 1, 0, 1}, List.of("a", "b"));
        Dataset s = d.subset("pick", new int[] {3, 1, 1});
        assertThat(s.name()).isEqualTo("pick");
        assertThat(s.features().toDoubleArray()).containsExactly(3, 30, 1, 10, 1, 10);
        assertThat(s.labels()).containsExactly(1, 1, 1);
        assertThat(s.targets().toDoubleArray()).containsExactly(0, 1, 0, 1, 0, 1);
    }
}
