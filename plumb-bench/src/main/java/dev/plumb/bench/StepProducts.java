package dev.plumb.bench;

import java.util.SplittableRandom;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/**
 * The matrix products of one training step (or one prediction) of the 784-256-128-10 MLP, through {@link Linalg} on
 * heap matrices as the layers make them, with nothing else: what a step costs at the least. Timed beside the real
 * steps in the same process, it gives the step's cost beyond its products free of the VM's speed changes between
 * processes.
 */
final class StepProducts {

    private static final int[] WIDTHS = {784, 256, 128, 10};

    private final Matrix[] w = new Matrix[3];
    private final Matrix[] in = new Matrix[3];
    private final Matrix[] z = new Matrix[3];
    private final Matrix[] dW = new Matrix[3];
    private final Matrix[] dX = new Matrix[3];
    private double sink;

    /** Operands for a batch of {@code batch} examples. */
    StepProducts(int batch) {
        SplittableRandom rng = new SplittableRandom(7);
        for (int l = 0; l < 3; l++) {
            w[l] = random(rng, WIDTHS[l + 1], WIDTHS[l]);
            z[l] = random(rng, batch, WIDTHS[l + 1]);
            dW[l] = Matrix.zeros(DType.FLOAT32, WIDTHS[l + 1], WIDTHS[l]);
            dX[l] = Matrix.zeros(DType.FLOAT32, batch, WIDTHS[l]);
            in[l] = l == 0 ? random(rng, batch, WIDTHS[0]) : z[l - 1];
        }
    }

    /** The three forward products Z = X·Wᵀ. */
    void forward() {
        for (int l = 0; l < 3; l++) {
            Linalg.gemm(false, true, 1.0, in[l], w[l], 0.0, z[l]);
        }
        sink += z[2].get(0);
    }

    /** A step's eight: the forward products, dW = dZᵀ·X for every layer, dX = dZ·W for all but the first. */
    void step() {
        forward();
        for (int l = 2; l >= 0; l--) {
            Linalg.gemm(true, false, 1.0, z[l], in[l], 0.0, dW[l]);
            if (l > 0) {
                Linalg.gemm(false, false, 1.0, z[l], w[l], 0.0, dX[l]);
            }
        }
    }

    /** Seconds for the products of one epoch of {@code examples} examples in batches of {@code full}'s size. */
    static double epochSeconds(StepProducts full, StepProducts rest, int fullSteps) {
        long start = System.nanoTime();
        for (int s = 0; s < fullSteps; s++) {
            full.step();
        }
        if (rest != null) {
            rest.step();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Keeps the JIT from dropping products nobody reads. */
    double sink() {
        return sink;
    }

    private static Matrix random(SplittableRandom rng, int rows, int cols) {
        Matrix m = Matrix.zeros(DType.FLOAT32, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble(-0.1, 0.1));
        }
        return m;
    }
}
