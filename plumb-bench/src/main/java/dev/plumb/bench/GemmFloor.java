package dev.plumb.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import dev.plumb.tensor.Blas;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/**
 * The GEMM limit of one training epoch of the 784-256-128-10 MLP: the FLOPs of the matrix products an
 * epoch must make, divided by the sgemm rate OpenBLAS reaches at exactly those shapes. No training loop
 * can beat it without doing fewer FLOPs, so Plumb's epoch / floor says how much time goes elsewhere.
 *
 * <p>Per dense layer with input X (batch × in), W (out × in), dZ (batch × out): forward Z = X·Wᵀ, weight
 * gradient dW = dZᵀ·X, and input gradient dX = dZ·W for every layer but the first (whose input gradient
 * nobody needs; PyTorch skips it too). 2·batch·in·out FLOPs each.
 *
 * <p>The rate is measured twice: {@code raw} calls {@code cblas_sgemm} on off-heap operands (the floor),
 * {@code seam} makes the products as a training step makes them, through {@link Linalg} on heap matrices
 * (the copies to and from off-heap memory included). Prints one JSON line.
 * Usage: {@code GemmFloor [--batch 128] [--seconds 3]}; {@code -Dfloor.each} also prints each product's own rate
 * (to stderr). {@code GemmFloor --inference --batch 1000} measures prediction's limit instead: the three forward
 * products of a batch, as images per second.
 */
public final class GemmFloor {

    private static final int[] WIDTHS = {784, 256, 128, 10};
    private static final int TRAIN_EXAMPLES = 60_000;

    private GemmFloor() {
    }

    /** One product: C (m × n) = op(A)·op(B) with inner dimension k. */
    private record Product(boolean transA, boolean transB, int m, int n, int k) {
        int lda() {
            return transA ? m : k;
        }

        int ldb() {
            return transB ? k : n;
        }

        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** The products of one training step on a batch of {@code batch} examples. */
    static Product[] step(int batch) {
        int layers = WIDTHS.length - 1;
        Product[] products = new Product[3 * layers - 1];
        int p = 0;
        for (int l = 0; l < layers; l++) {
            int in = WIDTHS[l];
            int out = WIDTHS[l + 1];
            products[p++] = new Product(false, true, batch, out, in);  // Z = X·Wᵀ
            products[p++] = new Product(true, false, out, in, batch);  // dW = dZᵀ·X
            if (l > 0) {
                products[p++] = new Product(false, false, batch, in, out); // dX = dZ·W
            }
        }
        return products;
    }

    /** GEMM FLOPs of one epoch over the training set (linear in the batch rows, so the last partial batch is exact). */
    static double epochFlops() {
        double perExample = 0;
        for (Product q : step(1)) {
            perExample += q.flops();
        }
        return perExample * TRAIN_EXAMPLES;
    }

    /** The forward products of a prediction on {@code batch} examples. */
    static Product[] forward(int batch) {
        Product[] products = new Product[WIDTHS.length - 1];
        for (int l = 0; l < products.length; l++) {
            products[l] = new Product(false, true, batch, WIDTHS[l + 1], WIDTHS[l]); // Z = X·Wᵀ
        }
        return products;
    }

    public static void main(String[] args) {
        int batch = 128;
        double seconds = 3;
        boolean inference = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--inference" -> inference = true;
                default -> throw new IllegalArgumentException("Invalid argument '" + args[i]
                        + "'. Expected --batch N, --seconds S or --inference.");
            }
        }
        if (inference) {
            inferenceFloor(batch, seconds);
            return;
        }
        Product[] step = step(batch);
        double stepFlops = Arrays.stream(step).mapToDouble(Product::flops).sum();
        Blas blas = Blas.fromChoice("native");
        if (System.getProperty("floor.each") != null) {
            for (Product q : step) {
                System.err.printf(Locale.ROOT, "%s: %.1f GFLOPS%n", q, rawRate(new Product[] {q}, q.flops(), 1) / 1e9);
            }
        }
        double raw = rawRate(step, stepFlops, seconds);
        double seam = stepRate(batch, stepFlops, seconds);
        double flops = epochFlops();
        System.out.println(String.format(Locale.ROOT, "{\"batch\": %d, \"blas\": \"%s\", \"threads\": \"%s\", "
                        + "\"epoch_gflop\": %.4f, \"raw_gflops\": %.2f, \"seam_gflops\": %.2f, "
                        + "\"floor_seconds\": %.4f, \"seam_floor_seconds\": %.4f}",
                batch, blas.name(), System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "default"), flops / 1e9,
                raw / 1e9, seam / 1e9,
                flops / raw, flops / seam));
    }

    /**
     * The GEMM limit of prediction: the three forward products of a batch of {@code batch} images on off-heap
     * operands, as images per second (no softmax, no copies: what no predictor on this BLAS can exceed).
     */
    private static void inferenceFloor(int batch, double seconds) {
        Product[] products = forward(batch);
        double flops = Arrays.stream(products).mapToDouble(Product::flops).sum();
        double raw = rawRate(products, flops, seconds);
        System.out.println(String.format(Locale.ROOT, "{\"batch\": %d, \"inference\": true, \"blas\": \"%s\", "
                        + "\"raw_gflops\": %.2f, \"floor_images_per_second\": %.1f}",
                batch, Blas.fromChoice("native").name(), raw / 1e9, raw / (flops / batch)));
    }

    /** FLOP/s of the step's products on off-heap operands: median of 1 s windows after a warm-up. */
    private static double rawRate(Product[] step, double stepFlops, double seconds) {
        FloatPointer[][] operands = new FloatPointer[step.length][];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < step.length; i++) {
            Product q = step[i];
            operands[i] = new FloatPointer[] {random(rng, q.m * q.k), random(rng, q.k * q.n), new FloatPointer((long) q.m * q.n)};
        }
        Runnable oneStep = () -> {
            for (int i = 0; i < step.length; i++) {
                Product q = step[i];
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                        q.transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                        q.transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                        q.m, q.n, q.k, 1f, operands[i][0], q.lda(), operands[i][1], q.ldb(), 0f, operands[i][2], q.n);
            }
        };
        return rate(oneStep, stepFlops, seconds);
    }

    /**
     * FLOP/s of the same products made as a training step makes them: through {@link Linalg#gemm} on
     * matrices, every input rewritten before its first use in the step (a new batch, new activations and
     * gradients, weights just updated) and read a second time by a later product, so that NativeBlas copies
     * what training copies and reuses what training reuses.
     */
    private static double stepRate(int batch, double stepFlops, double seconds) {
        int layers = WIDTHS.length - 1;
        SplittableRandom rng = new SplittableRandom(7);
        FloatMatrix[] w = new FloatMatrix[layers];
        FloatMatrix[] dW = new FloatMatrix[layers];
        FloatMatrix[] a = new FloatMatrix[layers + 1]; // a[0] is the batch, a[l] the input of layer l
        FloatMatrix[] z = new FloatMatrix[layers];
        FloatMatrix[] dZ = new FloatMatrix[layers];
        FloatMatrix[] dA = new FloatMatrix[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = random(rng, WIDTHS[l + 1], WIDTHS[l]);
            dW[l] = (FloatMatrix) w[l].zerosLike();
            a[l] = random(rng, batch, WIDTHS[l]);
            z[l] = (FloatMatrix) Matrix.zeros(DType.FLOAT32, batch, WIDTHS[l + 1]);
            dZ[l] = random(rng, batch, WIDTHS[l + 1]);
            dA[l] = (FloatMatrix) a[l].zerosLike();
        }
        Runnable oneStep = () -> {
            rewritten(a[0]); // the next batch is gathered into the same buffer
            for (int l = 0; l < layers; l++) {
                rewritten(w[l]); // the optimizer has just updated the weights
                if (l > 0) {
                    rewritten(a[l]); // the activation was just recomputed
                }
                Linalg.gemm(false, true, 1.0, a[l], w[l], 0.0, z[l]);
            }
            for (int l = layers - 1; l >= 0; l--) {
                rewritten(dZ[l]); // g'(Z) ⊙ dA, just computed
                Linalg.gemm(true, false, 1.0, dZ[l], a[l], 0.0, dW[l]);
                if (l > 0) {
                    Linalg.gemm(false, false, 1.0, dZ[l], w[l], 0.0, dA[l]);
                }
            }
        };
        return rate(oneStep, stepFlops, seconds);
    }

    /** Median FLOP/s over windows of about 0.5 s, after one warm-up window. */
    private static double rate(Runnable oneStep, double stepFlops, double seconds) {
        int windows = Math.max(3, (int) Math.round(seconds / 0.5));
        double[] rates = new double[windows];
        for (int w = -1; w < windows; w++) {
            long start = System.nanoTime();
            long steps = 0;
            while (System.nanoTime() - start < 500_000_000L) {
                oneStep.run();
                steps++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (w >= 0) {
                rates[w] = steps * stepFlops / elapsed;
            }
        }
        return FashionMnistBench.median(rates);
    }

    /**
     * Records a write without changing a value, as the write that training makes there would: NativeBlas
     * must not reuse its copy of the matrix from before.
     */
    private static void rewritten(Matrix m) {
        m.set(0, m.get(0));
    }

    private static FloatMatrix random(SplittableRandom rng, int rows, int cols) {
        return FloatMatrix.wrap(rows, cols, randomArray(rng, rows * cols)).copy(); // copy: not a wrapped array
    }

    private static FloatPointer random(SplittableRandom rng, int n) {
        return new FloatPointer(randomArray(rng, n));
    }

    private static float[] randomArray(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        return a;
    }
}
