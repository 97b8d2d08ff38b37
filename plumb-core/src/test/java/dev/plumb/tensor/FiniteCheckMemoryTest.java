package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A float32 matrix remembers that it was found finite until its next write, and a copy or a gather of rows of such a
 * matrix starts out known to be finite. What must never happen is a remembered answer hiding a NaN or an infinity:
 * each case below checks a matrix (finite), writes a non-finite value into it by one of the ways a matrix can be
 * written, and asks again.
 */
class FiniteCheckMemoryTest {

    private static final int ROWS = 5;
    private static final int COLS = 7;
    private static final int AT = 2 * COLS + 3; // where the non-finite value lands

    private static FloatMatrix finite() {
        FloatMatrix m = (FloatMatrix) Matrix.zeros(DType.FLOAT32, ROWS, COLS);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, 0.25 * (i % 11) - 1);
        }
        return m;
    }

    private static FloatMatrix finiteExceptAt(int at, double value) {
        FloatMatrix m = finite();
        m.set(at, value);
        return m;
    }

    record Write(String name, Consumer<FloatMatrix> write) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Write> writes() {
        return List.of(
                new Write("set", m -> m.set(AT, Double.NaN)),
                new Write("set(row, col)", m -> m.set(AT / COLS, AT % COLS, Double.POSITIVE_INFINITY)),
                new Write("fill", m -> m.fill(Double.NaN)),
                new Write("copyFrom a float matrix", m -> m.copyFrom(finiteExceptAt(AT, Double.NaN))),
                new Write("copyFrom a double matrix", m -> m.copyFrom(finiteExceptAt(AT, Double.NaN).to(DType.FLOAT64))),
                new Write("setRow", m -> {
                    double[] row = m.row(AT / COLS);
                    row[AT % COLS] = Double.NEGATIVE_INFINITY;
                    m.setRow(AT / COLS, row);
                }),
                new Write("readFrom", m -> {
                    ByteBuffer bytes = ByteBuffer.allocate(m.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    finiteExceptAt(AT, Double.NaN).writeTo(bytes, 0);
                    m.readFrom(bytes.flip(), 0);
                }),
                new Write("scale (overflow)", m -> {
                    m.set(AT, 1e30);
                    m.allFinite();
                    m.scale(1e30);
                }),
                new Write("axpy", m -> m.axpy(1, finiteExceptAt(AT, Double.NaN))),
                new Write("multiplyElementwise", m -> m.multiplyElementwise(finiteExceptAt(AT, Double.POSITIVE_INFINITY))),
                new Write("addRowVector", m -> {
                    Matrix bias = Matrix.zeros(DType.FLOAT32, 1, COLS);
                    bias.set(AT % COLS, Double.NaN);
                    m.addRowVector(bias);
                }),
                new Write("gatherRows from a matrix not known finite", m -> {
                    FloatMatrix source = finiteExceptAt(AT, Double.NaN);
                    m.gatherRows(source, new int[] {0, 1, 2, 3, 4}, 0);
                }),
                new Write("gatherRows from a matrix that was finite, then written", m -> {
                    FloatMatrix source = finite();
                    assertThat(source.allFinite()).isTrue();
                    source.set(AT, Double.NaN);
                    m.gatherRows(source, new int[] {0, 1, 2, 3, 4}, 0);
                }),
                new Write("matrix product", m -> {
                    Matrix a = Matrix.zeros(DType.FLOAT32, ROWS, 2);
                    Matrix b = Matrix.zeros(DType.FLOAT32, 2, COLS);
                    a.set(AT / COLS, 0, Double.POSITIVE_INFINITY);
                    b.set(0, AT % COLS, 1);
                    Linalg.gemm(false, false, 1.0, a, b, 0.0, m);
                }),
                new Write("ReLU kernel", m -> {
                    Matrix bias = Matrix.zeros(DType.FLOAT32, 1, COLS);
                    bias.set(AT % COLS, Double.NaN);
                    ReluKernel.forwardWithBias(m, bias, m);
                }),
                new Write("momentum kernel", m -> MomentumKernel.step(m, finiteExceptAt(AT, Double.NaN),
                        Matrix.zeros(DType.FLOAT32, ROWS, COLS), 0.9, 0.1)),
                new Write("the array handed out for writing", m -> m.data()[AT] = Float.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void aWriteAfterTheCheckIsSeenByTheNextCheck(Write write) {
        FloatMatrix m = finite();
        assertThat(m.allFinite()).isTrue();
        assertThat(m.allFinite()).isTrue(); // remembered
        write.write().accept(m);
        assertThat(m.allFinite()).as("after %s", write.name()).isFalse();
        assertThat(m.firstNonFinite()).isLessThanOrEqualTo(AT).isNotNegative();
        assertThat(Float.isFinite((float) m.get(m.firstNonFinite()))).isFalse();
    }

    @Test
    void aWrappedArrayIsLookedAtEveryTime() {
        float[] array = new float[ROWS * COLS];
        FloatMatrix wrapped = FloatMatrix.wrap(ROWS, COLS, array);
        assertThat(wrapped.allFinite()).isTrue();
        array[AT] = Float.NaN; // behind the matrix's back: its owner may do this at any time
        assertThat(wrapped.allFinite()).isFalse();
        assertThat(wrapped.firstNonFinite()).isEqualTo(AT);
        assertThatThrownBy(() -> Checks.allFinite("x", wrapped)).hasMessageContaining("element (2, 3) is NaN");

        // a copy or gather of a wrapped matrix is checked on its own, not taken on trust
        array[AT] = 0;
        assertThat(wrapped.allFinite()).isTrue();
        FloatMatrix gathered = (FloatMatrix) Matrix.zeros(DType.FLOAT32, ROWS, COLS);
        array[AT] = Float.NaN;
        gathered.gatherRows(wrapped, new int[] {0, 1, 2, 3, 4}, 0);
        assertThat(gathered.allFinite()).isFalse();
    }

    @Test
    void copiesAndGathersOfAFiniteMatrixAreFiniteAndStillSeeTheirOwnWrites() {
        FloatMatrix source = finite();
        assertThat(source.allFinite()).isTrue();
        FloatMatrix copy = source.copy();
        Matrix rows = source.rowRange(1, 4);
        FloatMatrix whole = (FloatMatrix) Matrix.zeros(DType.FLOAT32, ROWS, COLS);
        whole.copyFrom(source);
        for (Matrix m : List.of(copy, rows, whole)) {
            assertThat(m.allFinite()).isTrue();
            assertThat(m.contentEquals(m == rows ? source.rowRange(1, 4) : source)).isTrue();
            m.set(3, Double.NaN);
            assertThat(m.allFinite()).isFalse();
            assertThat(m.firstNonFinite()).isEqualTo(3);
        }
        assertThat(source.allFinite()).as("the source is not written by its copies").isTrue();
    }

    @Test
    void theErrorOfAPredictionNamesTheElementAfterAnEarlierCleanCheck() {
        FloatMatrix x = finite();
        assertThat(Checks.allFinite("x", x)).isSameAs(x);
        x.set(AT, Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Checks.allFinite("x", x))
                .hasMessage("Invalid argument x: element (2, 3) is -Infinity. Expected finite numbers; remove or impute"
                        + " missing values first.");
    }
}
