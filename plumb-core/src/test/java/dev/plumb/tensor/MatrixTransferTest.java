package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * How values leave and enter a {@link Matrix} without its array: a row to and from a {@code double[]}
 * ({@link Matrix#rowInto}, {@link Matrix#setRow}) and elements to and from bytes ({@link Matrix#writeTo},
 * {@link Matrix#readFrom}), checked against the test's own row-major arrays and against the IEEE 754 bit
 * patterns {@link Float#floatToRawIntBits} and {@link Double#doubleToRawLongBits} give.
 */
class MatrixTransferTest {

    private static double[] values(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * 100;
        }
        return v;
    }

    private static double rounded(DType dtype, double value) {
        return dtype == DType.FLOAT32 ? (float) value : value;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowIntoReadsOneRowAsDoublesAndSetRowWritesItRounded(DType dtype) {
        double[] v = values(4 * 6, 1);
        Matrix m = Matrix.fromRowMajor(dtype, 4, 6, v);
        double[] row = new double[8]; // longer than a row: the tail is left alone
        row[6] = 42;
        m.rowInto(2, row);
        for (int j = 0; j < 6; j++) {
            assertThat(row[j]).isEqualTo(rounded(dtype, v[2 * 6 + j]));
        }
        assertThat(row[6]).isEqualTo(42);

        double[] replacement = values(6, 2);
        m.setRow(1, replacement);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                double expected = i == 1 ? replacement[j] : v[i * 6 + j];
                assertThat(m.get(i, j)).as("(%d, %d)", i, j).isEqualTo(rounded(dtype, expected));
            }
        }
    }

    @Test
    void rowTransfersNameTheArgumentThatIsWrong() {
        Matrix m = Matrix.zeros(DType.FLOAT32, 3, 5);
        assertThatThrownBy(() -> m.rowInto(0, new double[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument into: length 4. Expected at least 5, the matrix's number of columns.");
        assertThatThrownBy(() -> m.setRow(3, new double[5]))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid value for argument row: 3. Expected 0 <= row < 3.");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void writeToEncodesElementsInTheBuffersByteOrderAsManyAsFit(DType dtype) {
        double[] v = values(3 * 7, 3);
        Matrix m = Matrix.fromRowMajor(dtype, 3, 7, v);
        int bytes = dtype.bytes();
        ByteBuffer buffer = ByteBuffer.allocate(5 * bytes + 3).order(ByteOrder.LITTLE_ENDIAN); // room for 5, not 6
        buffer.position(2);
        assertThat(m.writeTo(buffer, 4)).isEqualTo(5);
        assertThat(buffer.position()).isEqualTo(2 + 5 * bytes);
        for (int k = 0; k < 5; k++) {
            int at = 2 + k * bytes;
            long expected = dtype == DType.FLOAT32 ? Float.floatToRawIntBits((float) v[4 + k]) & 0xFFFF_FFFFL
                    : Double.doubleToRawLongBits(v[4 + k]);
            long actual = dtype == DType.FLOAT32 ? buffer.getInt(at) & 0xFFFF_FFFFL : buffer.getLong(at);
            assertThat(actual).as("element %d", 4 + k).isEqualTo(expected);
        }
        ByteBuffer tail = ByteBuffer.allocate(100 * bytes);
        assertThat(m.writeTo(tail, 19)).as("only two elements are left").isEqualTo(2);
        assertThat(m.writeTo(tail, 21)).isZero();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void readFromDecodesWhatWriteToEncodedIncludingNaNInfinityAndNegativeZero(DType dtype) {
        double[] v = values(5 * 5, 4);
        v[0] = -0.0;
        v[1] = Double.NaN;
        v[2] = Double.NEGATIVE_INFINITY;
        Matrix source = Matrix.fromRowMajor(dtype, 5, 5, v);
        Matrix target = source.zerosLike();
        ByteBuffer chunk = ByteBuffer.allocate(7 * dtype.bytes()).order(ByteOrder.BIG_ENDIAN); // several chunks
        for (int done = 0; done < source.size(); ) {
            chunk.clear();
            int written = source.writeTo(chunk, done);
            chunk.flip();
            assertThat(target.readFrom(chunk, done)).isEqualTo(written);
            assertThat(chunk.hasRemaining()).isFalse();
            done += written;
        }
        assertThat(target.contentEquals(source)).isTrue();
        assertThat(Double.doubleToRawLongBits(target.get(0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void byteTransfersRejectAStartOutsideTheMatrix() {
        Matrix m = Matrix.zeros(DType.FLOAT64, 2, 2);
        assertThatThrownBy(() -> m.writeTo(ByteBuffer.allocate(8), 5))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid value for argument from: 5. Expected 0 <= from <= 4 (the matrix's number of elements).");
        assertThatThrownBy(() -> m.readFrom(ByteBuffer.allocate(8), -1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid value for argument from: -1. Expected 0 <= from <= 4 (the matrix's number of elements).");
    }
}
