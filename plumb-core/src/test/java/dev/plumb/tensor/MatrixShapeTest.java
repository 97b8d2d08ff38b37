package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shape validation of {@link Matrix#zeros}: a bad shape is named in the message before anything is allocated. */
class MatrixShapeTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void negativeRowsOrColumnsAreRejectedNamingArgumentAndValue(DType dtype) {
        assertThatThrownBy(() -> Matrix.zeros(dtype, -1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows")
                .hasMessageContaining("-1")
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Matrix.zeros(dtype, 3, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cols")
                .hasMessageContaining("-2");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aShapeTooLargeForOneArrayIsRejectedWithTheShape(DType dtype) {
        assertThatThrownBy(() -> Matrix.zeros(dtype, 100_000, 100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("smaller batches");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void emptyShapesAreAllowed(DType dtype) {
        assertThat(Matrix.zeros(dtype, 0, 5).size()).isZero();
        assertThat(Matrix.zeros(dtype, 5, 0).rows()).isEqualTo(5);
    }
}
