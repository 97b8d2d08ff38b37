package dev.plumb.tensor;

/**
 * The reductions of a float32 matrix: Σ x², Σ |x| and the finiteness test, split across the cores for large
 * arrays ({@link ParallelLoops}) with the single-threaded loop's result, bit for bit.
 *
 * <p>The two sums run once per mini-batch over every weight when a penalty is on. One double accumulator makes
 * each addition wait for the last (~4 cycles an element); eight float accumulators over blocks of 256, each
 * block's total then added in double, run four times faster and stay accurate: a float accumulator never holds
 * more than 32 terms. The blocks' totals are computed in parallel and added up in block order afterwards, the
 * order of the serial loop.
 */
final class FloatReductions {

    private static final int BLOCK = 256;

    private FloatReductions() {
    }

    static double sumOfSquares(float[] data) {
        return blockSum(data, true);
    }

    static double sumOfAbsolutes(float[] data) {
        return blockSum(data, false);
    }

    private static double blockSum(float[] data, boolean squares) {
        int blocks = data.length / BLOCK;
        double total = 0;
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            for (int b = 0; b < blocks; b++) {
                total += squares ? blockSquares(data, b) : blockAbsolutes(data, b);
            }
        } else {
            o.growRows(blocks);
            double[] totals = o.rowSums;
            o.f0 = data;
            if (squares) {
                ParallelLoops.run(o, blocks, ParallelLoops.rowGrain(BLOCK), (p, chunk, from, to) -> {
                    for (int b = from; b < to; b++) {
                        p.rowSums[b] = blockSquares(p.f0, b);
                    }
                });
            } else {
                ParallelLoops.run(o, blocks, ParallelLoops.rowGrain(BLOCK), (p, chunk, from, to) -> {
                    for (int b = from; b < to; b++) {
                        p.rowSums[b] = blockAbsolutes(p.f0, b);
                    }
                });
            }
            for (int b = 0; b < blocks; b++) {
                total += totals[b];
            }
        }
        for (int i = blocks * BLOCK; i < data.length; i++) {
            total += squares ? (double) data[i] * data[i] : Math.abs(data[i]);
        }
        return total;
    }

    private static double blockSquares(float[] data, int block) {
        int i = block * BLOCK;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (int j = i; j < i + BLOCK; j += 8) {
            a0 += data[j] * data[j];
            a1 += data[j + 1] * data[j + 1];
            a2 += data[j + 2] * data[j + 2];
            a3 += data[j + 3] * data[j + 3];
            a4 += data[j + 4] * data[j + 4];
            a5 += data[j + 5] * data[j + 5];
            a6 += data[j + 6] * data[j + 6];
            a7 += data[j + 7] * data[j + 7];
        }
        return (double) a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    private static double blockAbsolutes(float[] data, int block) {
        int i = block * BLOCK;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (int j = i; j < i + BLOCK; j += 8) {
            a0 += Math.abs(data[j]);
            a1 += Math.abs(data[j + 1]);
            a2 += Math.abs(data[j + 2]);
            a3 += Math.abs(data[j + 3]);
            a4 += Math.abs(data[j + 4]);
            a5 += Math.abs(data[j + 5]);
            a6 += Math.abs(data[j + 6]);
            a7 += Math.abs(data[j + 7]);
        }
        return (double) a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /** True when no element is NaN or infinite: the largest |x| of each chunk, where a NaN or ∞ would end up. */
    static boolean allFinite(float[] data) {
        LoopOperands o = ParallelLoops.acquire(data.length);
        if (o == null) {
            return largestMagnitude(data, 0, data.length) <= Float.MAX_VALUE;
        }
        o.growRows(ParallelLoops.MAX_CHUNKS);
        double[] largest = o.rowMaxima;
        java.util.Arrays.fill(largest, 0, ParallelLoops.MAX_CHUNKS, 0);
        o.f0 = data;
        ParallelLoops.run(o, data.length, (p, chunk, from, to) -> p.rowMaxima[chunk] = largestMagnitude(p.f0, from, to));
        for (int c = 0; c < ParallelLoops.MAX_CHUNKS; c++) {
            if (!(largest[c] <= Float.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    private static float largestMagnitude(float[] data, int from, int to) {
        float largest = 0;
        for (int i = from; i < to; i++) {
            largest = Math.max(largest, Math.abs(data[i])); // a NaN or ∞ ends as the result: one vectorized pass
        }
        return largest;
    }
}
