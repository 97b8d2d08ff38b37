package dev.plumb.nn;

import java.util.SplittableRandom;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.DropoutKernel;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * Inverted dropout. In {@link Mode#TRAIN} each unit is kept with probability {@code keepProb} and a
 * kept activation is divided by {@code keepProb}, so E[output] = input and nothing needs rescaling at
 * test time. In {@link Mode#EVAL} it is the identity. {@code keepProb = 1} turns it off.
 *
 * <p>Masks come from the stream of a {@link SplittableRandom} seeded at construction, so a run with the same seed
 * draws the same masks, in either precision. Each 64-bit draw decides two units: a unit is kept when its
 * 32-bit half, read as an unsigned number u, is below keepProb·2³², i.e. with probability keepProb to within
 * 2⁻³² ({@link DropoutKernel}, which also holds the loops).
 */
public final class Dropout implements Layer {

    private final double keepProb;
    private final long seed;
    // the mask stream is SplittableRandom(streamSeed) after `draws` longs, re-seeded for each training epoch (see
    // beginEpoch); held as a position rather than a generator so that the kernel can draw on several threads
    private long streamSeed;
    private long draws;
    private final DType dtype;
    private Buffers outBuffers;
    private Buffers maskBuffers;
    private Buffers gradBuffers;
    private Matrix lastMask;
    private boolean lastWasIdentity;
    private int lastWidth = -1;

    public Dropout(double keepProb, long seed, DType dtype) {
        this.keepProb = Checks.keepProbability("keepProb", keepProb);
        this.seed = seed;
        this.streamSeed = seed;
        this.dtype = dtype;
    }

    public double keepProb() {
        return keepProb;
    }

    /**
     * Epoch k's masks come from a stream derived from (seed, k) alone, as the trainer's shuffles do: a run resumed
     * at epoch k draws exactly the masks an uninterrupted run draws there.
     */
    @Override
    public void beginEpoch(int epoch) {
        streamSeed = seed * 0x9E3779B97F4A7C15L + epoch;
        draws = 0;
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        lastWasIdentity = mode == Mode.EVAL || keepProb == 1.0;
        if (lastWasIdentity) {
            return input;
        }
        if (input instanceof SparseMatrix) {
            throw new IllegalArgumentException("Invalid input for dropout(keepProb=" + keepProb + "): sparse features "
                    + "(" + input + "), such as text; dropping inputs would make every batch and its gradient dense. "
                    + "Put dropout after the first dense layer instead");
        }
        if (outBuffers == null || input.cols() != lastWidth) {
            outBuffers = new Buffers(dtype, input.cols());
            maskBuffers = new Buffers(dtype, input.cols());
            gradBuffers = new Buffers(dtype, input.cols());
            lastWidth = input.cols();
        }
        Matrix out = outBuffers.get(input.rows());
        Matrix mask = maskBuffers.get(input.rows());
        draws += DropoutKernel.drawAndApplyMask(input, mask, out, keepProb, streamSeed, draws);
        lastMask = mask;
        return out;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        if (lastWasIdentity) {
            return gradOutput;
        }
        Matrix grad = gradBuffers.get(gradOutput.rows());
        DropoutKernel.applyMask(gradOutput, lastMask, grad);
        return grad;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    /** A copy with the same keep probability and a fresh random stream from the same seed. */
    @Override
    public Dropout copy(DType dtype) {
        return new Dropout(keepProb, seed, dtype);
    }

    @Override
    public String describe() {
        return "Dropout(keepProb=" + keepProb + ")";
    }
}
