package dev.plumb.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kernel that {@link ParallelLoops} splits gives, bit for bit, what its single-threaded loop gives: each
 * kernel runs twice on copies of the same inputs, once with the pool free (the split path, checked to have been
 * taken) and once while the test holds the pool's lease (so the kernel finds it busy and runs serially). Sizes are
 * odd, so chunks end mid-row and mid-vector, in both precisions.
 */
class ParallelLoopsTest {

    private static final int ROWS = 257;
    private static final int COLS = 1031; // 264,967 elements: above ParallelLoops.MIN_WORK

    private static Matrix random(DType dtype, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, r.nextGaussian());
        }
        return m;
    }

    /** Runs {@code kernel} on fresh copies of {@code inputs}, split and serially, and asserts equal results. */
    private static void assertSplitEqualsSerial(Matrix[] inputs, Consumer<Matrix[]> kernel) {
        assertSplitResultEqualsSerial(inputs, m -> {
            kernel.accept(m);
            return 0.0;
        });
    }

    private static void assertSplitResultEqualsSerial(Matrix[] inputs, Function<Matrix[], Double> kernel) {
        Matrix[] split = copies(inputs);
        Matrix[] serial = copies(inputs);
        long before = ParallelLoops.parallelRuns();
        double splitResult = kernel.apply(split);
        assertThat(ParallelLoops.parallelRuns()).as("the split path ran").isGreaterThan(before);
        LoopOperands lease = ParallelLoops.acquire(Long.MAX_VALUE);
        assertThat(lease).as("the test holds the pool").isNotNull();
        double serialResult;
        try {
            serialResult = kernel.apply(serial);
        } finally {
            ParallelLoops.release(lease);
        }
        assertThat(Double.doubleToRawLongBits(splitResult)).as("result %s vs %s", splitResult, serialResult)
                .isEqualTo(Double.doubleToRawLongBits(serialResult));
        for (int k = 0; k < inputs.length; k++) {
            assertThat(split[k].contentEquals(serial[k])).as("operand %d", k).isTrue();
        }
    }

    private static Matrix[] copies(Matrix[] inputs) {
        Matrix[] out = new Matrix[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            out[k] = inputs[k].copy();
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void momentumStep(DType dtype) {
        Matrix[] m = {random(dtype, ROWS, COLS, 1), random(dtype, ROWS, COLS, 2), random(dtype, ROWS, COLS, 3)};
        assertSplitEqualsSerial(m, x -> MomentumKernel.step(x[0], x[1], x[2], 0.9, 0.05));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamStep(DType dtype) {
        Matrix v = random(dtype, ROWS, COLS, 4);
        for (int i = 0; i < v.size(); i++) {
            v.set(i, Math.abs(v.get(i)));
        }
        Matrix[] m = {random(dtype, ROWS, COLS, 1), random(dtype, ROWS, COLS, 2), random(dtype, ROWS, COLS, 3), v};
        assertSplitEqualsSerial(m, x -> AdamKernel.step(x[0], x[1], x[2], x[3], 0.9, 0.999, 1e-8, 1e-3, 7));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reluForwardAndBackward(DType dtype) {
        Matrix[] m = {random(dtype, ROWS, COLS, 1), Matrix.zeros(dtype, ROWS, COLS), random(dtype, ROWS, COLS, 2),
                Matrix.zeros(dtype, ROWS, COLS)};
        assertSplitEqualsSerial(m, x -> {
            ReluKernel.forward(x[0], x[1]);
            ReluKernel.backward(x[0], x[1], x[2], x[3]);
        });
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fusedBiasAndReluAreTheTwoPassesTheyReplace(DType dtype) {
        Matrix[] m = {random(dtype, ROWS, COLS, 1), random(dtype, 1, COLS, 2), Matrix.zeros(dtype, ROWS, COLS),
                random(dtype, ROWS, COLS, 3), Matrix.zeros(dtype, ROWS, COLS), Matrix.zeros(dtype, 1, COLS)};
        assertSplitEqualsSerial(m, x -> {
            ReluKernel.forwardWithBias(x[0], x[1], x[2]);
            ReluKernel.backwardWithColumnSums(x[0], x[2], x[3], x[4], x[5]);
        });
        Matrix[] fused = copies(m);
        ReluKernel.forwardWithBias(fused[0], fused[1], fused[2]);
        ReluKernel.backwardWithColumnSums(fused[0], fused[2], fused[3], fused[4], fused[5]);
        Matrix[] passes = copies(m);
        passes[0].addRowVector(passes[1]);
        ReluKernel.forward(passes[0], passes[2]);
        ReluKernel.backward(passes[0], passes[2], passes[3], passes[4]);
        passes[4].columnSumsInto(passes[5]);
        for (int k = 0; k < m.length; k++) {
            assertThat(fused[k].contentEquals(passes[k])).as("operand %d", k).isTrue();
        }
    }

    /**
     * ReLU written over Z (what a Dense layer with ReLU does now): the same A as the two-buffer pass, split or serial,
     * and the same dZ and db when the backward pass is handed A in place of Z, on values with zeros of both signs,
     * NaN and infinities among them.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void reluWrittenOverZGivesTheTwoBufferResults(DType dtype) {
        Matrix z = Matrix.fromRowMajor(dtype, ROWS, COLS, ReluKernelTest.awkwardValues(ROWS * COLS, 5));
        Matrix[] m = {z, random(dtype, 1, COLS, 2), random(dtype, ROWS, COLS, 3), Matrix.zeros(dtype, ROWS, COLS),
                Matrix.zeros(dtype, 1, COLS)};
        assertSplitEqualsSerial(m, x -> {
            ReluKernel.forwardWithBias(x[0], x[1], x[0]);
            ReluKernel.backwardWithColumnSums(x[0], x[0], x[2], x[3], x[4]);
        });
        Matrix[] inPlace = copies(m);
        ReluKernel.forwardWithBias(inPlace[0], inPlace[1], inPlace[0]);
        ReluKernel.backwardWithColumnSums(inPlace[0], inPlace[0], inPlace[2], inPlace[3], inPlace[4]);
        Matrix[] twoBuffers = copies(m);
        Matrix a = twoBuffers[0].zerosLike();
        ReluKernel.forwardWithBias(twoBuffers[0], twoBuffers[1], a);
        ReluKernel.backwardWithColumnSums(twoBuffers[0], a, twoBuffers[2], twoBuffers[3], twoBuffers[4]);
        assertThat(inPlace[0].contentEquals(a)).as("A").isTrue();
        assertThat(inPlace[3].contentEquals(twoBuffers[3])).as("dZ").isTrue();
        assertThat(inPlace[4].contentEquals(twoBuffers[4])).as("db").isTrue();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void dropoutMaskIsTheSequentialStreams(DType dtype) {
        Matrix x = random(dtype, ROWS, COLS, 1);
        Matrix[] m = {x, Matrix.zeros(dtype, ROWS, COLS), Matrix.zeros(dtype, ROWS, COLS)};
        assertSplitResultEqualsSerial(m, o -> (double) DropoutKernel.drawAndApplyMask(o[0], o[1], o[2], 0.8, 99, 12345));
        // against SplittableRandom itself: skip 12345 longs, then the mask of drawMask
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 12345; i++) {
            random.nextLong();
        }
        Matrix expectedMask = Matrix.zeros(dtype, ROWS, COLS);
        DropoutKernel.drawMask(expectedMask, 0.8, random);
        Matrix expectedOut = Matrix.zeros(dtype, ROWS, COLS);
        DropoutKernel.applyMask(x, expectedMask, expectedOut);
        Matrix mask = Matrix.zeros(dtype, ROWS, COLS);
        Matrix out = Matrix.zeros(dtype, ROWS, COLS);
        long draws = DropoutKernel.drawAndApplyMask(x, mask, out, 0.8, 99, 12345);
        assertThat(draws).isEqualTo((ROWS * COLS + 1) / 2);
        assertThat(mask.contentEquals(expectedMask)).isTrue();
        assertThat(out.contentEquals(expectedOut)).isTrue();
        assertThat(random.nextLong()).as("the stream's next long").isEqualTo(new SplittableRandom(99 + (12345 + draws) * SplitMix.GAMMA).nextLong());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxAndCrossEntropy(DType dtype) {
        int rows = 3001; // × 11 logits × the exponential's weight: above ParallelLoops.MIN_WORK
        int cols = 11;
        Matrix y = Matrix.zeros(dtype, rows, cols);
        for (int r = 0; r < rows; r++) {
            y.set(r, (r * 7) % cols, 1);
        }
        Matrix[] m = {random(dtype, rows, cols, 1), Matrix.zeros(dtype, rows, cols), y, Matrix.zeros(dtype, rows, cols)};
        assertSplitResultEqualsSerial(m, x -> {
            SoftmaxKernel.forward(x[0], x[1]);
            return SoftmaxKernel.crossEntropyAndGradient(x[0], x[2], x[3]);
        });
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matrixLoops(DType dtype) {
        int[] index = new int[ROWS + 5];
        for (int i = 0; i < index.length; i++) {
            index[i] = (i * 31) % ROWS;
        }
        Matrix[] m = {random(dtype, ROWS, COLS, 1), random(dtype, ROWS, COLS, 2), random(dtype, 1, COLS, 3),
                Matrix.zeros(dtype, 1, COLS), Matrix.zeros(dtype, ROWS, COLS)};
        assertSplitResultEqualsSerial(m, x -> {
            x[0].axpy(-0.37, x[1]);
            x[0].addRowVector(x[2]);
            x[0].columnSumsInto(x[3]);
            x[4].gatherRows(x[0], index, 5);
            return x[0].sumOfSquares() + (x[4].allFinite() ? 1 : 0);
        });
        if (dtype == DType.FLOAT32) { // float64's sums keep one double accumulator, serial
            assertSplitResultEqualsSerial(m, x -> x[0].sumOfSquares());
            assertSplitResultEqualsSerial(m, x -> x[0].sumOfAbsolutes());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void allFiniteFindsANonFiniteValueInAnyChunk(DType dtype) {
        Matrix x = random(dtype, ROWS, COLS, 1);
        assertThat(x.allFinite()).isTrue();
        for (int i : new int[] {0, x.size() / 3, x.size() - 1}) {
            Matrix y = x.copy();
            y.set(i, Double.NaN);
            assertThat(y.allFinite()).as("NaN at %d", i).isFalse();
            y.set(i, Double.NEGATIVE_INFINITY);
            assertThat(y.allFinite()).as("-inf at %d", i).isFalse();
        }
    }
}
