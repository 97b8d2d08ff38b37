package dev.plumb.train;

/** Thrown when the cost becomes NaN or infinite: training has diverged and its weights are useless. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(int epoch, int batch, double cost, double learningRate) {
        super("Training diverged: the cost became " + cost + " at epoch " + epoch + ", batch " + batch
                + ". Lower the learning rate (now " + learningRate + "), normalize the inputs, or check the data for extreme values.");
    }
}
