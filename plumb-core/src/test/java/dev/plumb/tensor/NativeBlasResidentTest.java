package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NativeBlas reuses its off-heap copy of an operand only while the matrix is unchanged: after any kind
 * of write, the next product sees the new values. Checked against the pure-Java kernel, product by
 * product, with the same operands read twice as a training step reads them — for the copying variant,
 * which keeps copies, and for the pinned one, which must see every write too.
 */
class NativeBlasResidentTest {

    static Stream<Named<Consumer<Matrix>>> writes() {
        return Stream.of(
                Named.of("set", m -> m.set(3, 0.75)),
                Named.of("data()", m -> ((FloatMatrix) m).data()[5] = -2f),
                Named.of("axpy", m -> m.axpy(0.5, m.copy())),
                Named.of("scale", m -> m.scale(-1)),
                Named.of("fill", m -> m.fill(0.25)),
                Named.of("copyFrom", m -> m.copyFrom(random(m.rows(), m.cols(), 99))),
                Named.of("addRowVector", m -> m.addRowVector(random(1, m.cols(), 98))),
                Named.of("multiplyElementwise", m -> m.multiplyElementwise(random(m.rows(), m.cols(), 97))),
                Named.of("gatherRows", m -> m.gatherRows(random(m.rows() + 3, m.cols(), 96), new int[] {2, 1, 0, 4, 3, 5, 6, 7, 8}, 0)),
                Named.of("as a product's output", m -> Linalg.gemm(BlasTest.nativeBlas(), false, false, 1.0,
                        random(m.rows(), 4, 95), random(4, m.cols(), 94), 0.0, m)),
                Named.of("columnSumsInto", m -> random(5, m.cols(), 93).columnSumsInto(m.rows() == 1 ? m
                        : Matrix.zeros(DType.FLOAT32, 1, m.cols()))),
                Named.of("setRow", m -> m.setRow(0, random(1, m.cols(), 92).row(0))),
                Named.of("readFrom", m -> m.readFrom(bytesOf(random(m.rows(), m.cols(), 91)), 0)),
                // the kernels, each with inputs that keep every later product exact (see random)
                Named.of("ReluKernel.forward", m -> ReluKernel.forward(random(m.rows(), m.cols(), 90), m)),
                Named.of("ReluKernel.backward", m -> {
                    Matrix z = random(m.rows(), m.cols(), 89);
                    Matrix a = z.zerosLike();
                    ReluKernel.forward(z, a);
                    ReluKernel.backward(z, a, random(m.rows(), m.cols(), 88), m);
                }),
                Named.of("SoftmaxKernel.forward", m -> SoftmaxKernel.forward(peaked(m.rows(), m.cols()), m)),
                Named.of("DropoutKernel.drawMask", m -> DropoutKernel.drawMask(m, 0.5, new SplittableRandom(87))),
                Named.of("DropoutKernel.applyMask", m -> {
                    Matrix mask = m.zerosLike();
                    DropoutKernel.drawMask(mask, 0.5, new SplittableRandom(86));
                    DropoutKernel.applyMask(random(m.rows(), m.cols(), 85), mask, m);
                }),
                Named.of("MomentumKernel.step (value)", m -> MomentumKernel.step(m, random(m.rows(), m.cols(), 84),
                        m.zerosLike(), 0.5, 0.5)),
                Named.of("MomentumKernel.step (velocity)", m -> MomentumKernel.step(m.zerosLike(),
                        random(m.rows(), m.cols(), 83), m, 0.5, 0.5)),
                // t = 1, β₁ = 1/2, β₂ = 3/4: the update is ±rate (or 0), a quarter
                Named.of("AdamKernel.step", m -> AdamKernel.step(m, random(m.rows(), m.cols(), 82), m.zerosLike(),
                        m.zerosLike(), 0.5, 0.75, 0x1p-30, 0.25, 1)));
    }

    /** One logit of 10³⁰ per row: a softmax of exact zeros and ones. */
    private static Matrix peaked(int rows, int cols) {
        Matrix z = Matrix.zeros(DType.FLOAT32, rows, cols);
        for (int r = 0; r < rows; r++) {
            z.set(r, r % cols, 1e30);
        }
        return z;
    }

    private static ByteBuffer bytesOf(Matrix m) {
        ByteBuffer buffer = ByteBuffer.allocate(m.size() * Float.BYTES);
        m.writeTo(buffer, 0);
        return buffer.flip();
    }

    @ParameterizedTest
    @MethodSource("writes")
    void aWriteBetweenTwoProductsIsSeenByTheSecond(Consumer<Matrix> write) {
        aWriteBetweenTwoProductsIsSeenByTheSecond(write, BlasTest.nativeBlas().copying());
        aWriteBetweenTwoProductsIsSeenByTheSecond(write, BlasTest.nativeBlas());
    }

    private static void aWriteBetweenTwoProductsIsSeenByTheSecond(Consumer<Matrix> write, Blas nat) {
        Blas java = new JavaBlas();
        Matrix x = random(9, 6, 1);
        Matrix w = random(7, 6, 2);
        Matrix bias = random(1, 6, 3);
        for (Matrix changed : new Matrix[] {x, w, bias}) {
            assertSameProducts(nat, java, x, w, bias);
            write.accept(changed);
            assertSameProducts(nat, java, x, w, bias);
        }
    }

    @Test
    void aWrappedArrayWrittenDirectlyIsSeen() {
        aWrappedArrayWrittenDirectlyIsSeen(BlasTest.nativeBlas().copying());
        aWrappedArrayWrittenDirectlyIsSeen(BlasTest.nativeBlas());
    }

    private static void aWrappedArrayWrittenDirectlyIsSeen(Blas nat) {
        float[] values = new float[9 * 6];
        FloatMatrix x = FloatMatrix.wrap(9, 6, values);
        Matrix w = random(7, 6, 4);
        Matrix out = Matrix.zeros(DType.FLOAT32, 9, 7);
        Linalg.gemm(nat, false, true, 1.0, x, w, 0.0, out);
        values[0] = 1f; // no call on the matrix: only a wrapped array can be written like this
        Linalg.gemm(nat, false, true, 1.0, x, w, 0.0, out);
        assertThat(out.get(0, 0)).isEqualTo((double) (float) w.get(0, 0));
    }

    /** X·Wᵀ, then (X·Wᵀ)ᵀ·X and bias·W-shaped products, as a forward and a backward pass read them. */
    private static void assertSameProducts(Blas nat, Blas java, Matrix x, Matrix w, Matrix bias) {
        Blas[] pair = {nat, java};
        {
            Matrix z1 = Matrix.zeros(DType.FLOAT32, 9, 7);
            Matrix z2 = z1.zerosLike();
            Linalg.gemm(pair[0], false, true, 1.0, x, w, 0.0, z1);
            Linalg.gemm(pair[1], false, true, 1.0, x, w, 0.0, z2);
            assertThat(z1.toFloatArray()).containsExactly(z2.toFloatArray());
            Matrix g1 = Matrix.zeros(DType.FLOAT32, 7, 6);
            Matrix g2 = g1.zerosLike();
            Linalg.gemm(pair[0], true, false, 1.0, z1, x, 0.0, g1);
            Linalg.gemm(pair[1], true, false, 1.0, z2, x, 0.0, g2);
            assertThat(g1.toFloatArray()).containsExactly(g2.toFloatArray());
            Matrix b1 = Matrix.zeros(DType.FLOAT32, 1, 7);
            Matrix b2 = b1.zerosLike();
            Linalg.gemm(pair[0], false, true, 1.0, bias, w, 0.0, b1);
            Linalg.gemm(pair[1], false, true, 1.0, bias, w, 0.0, b2);
            assertThat(b1.toFloatArray()).containsExactly(b2.toFloatArray());
        }
    }

    private static Matrix random(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(DType.FLOAT32, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextInt(-8, 9) / 4.0); // quarters: every product here is exact in float32, in any order
        }
        return m;
    }
}
