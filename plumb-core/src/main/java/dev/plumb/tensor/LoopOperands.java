package dev.plumb.tensor;

/**
 * The operands of one loop that {@link ParallelLoops} splits across threads: plain slots that a kernel fills
 * before the split and its loop body reads, so that handing a loop to another thread allocates nothing (a
 * capturing lambda would be a new object per call). Only the holder of the pool's lease writes them; the
 * pool clears the array slots when the loop ends so it never keeps a matrix alive.
 *
 * <p>Slots are named by type and position; each kernel's body says in a comment which slot holds what.
 */
final class LoopOperands {

    float[] f0;
    float[] f1;
    float[] f2;
    float[] f3;
    double[] d0;
    double[] d1;
    double[] d2;
    double[] d3;
    int[] index;
    /** Scalars, in double (a float scalar is stored exactly and read back with a cast). */
    double s0;
    double s1;
    double s2;
    double s3;
    double s4;
    double s5;
    double s6;
    /** Integer scalars: a row width, an offset. */
    int i0;
    int i1;
    long l0;
    /** Per-row results of a row-wise loop (a softmax row's max and sum); scratch the lease keeps between loops. */
    double[] rowMaxima = new double[0];
    double[] rowSums = new double[0];

    /** {@link #rowMaxima} and {@link #rowSums} with room for {@code rows} rows. */
    void growRows(int rows) {
        if (rowMaxima.length < rows) {
            rowMaxima = new double[rows];
            rowSums = new double[rows];
        }
    }

    void clear() {
        f0 = f1 = f2 = f3 = null;
        d0 = d1 = d2 = d3 = null;
        index = null;
    }
}
