package dev.plumb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Adam;
import dev.plumb.optim.Momentum;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Where a training epoch and a prediction go beyond their matrix products, measured in one process so the VM's speed
 * changes touch both sides alike. Training: every step of an epoch on Fashion-MNIST (the network and hyperparameters
 * of {@link FashionMnistBench}) is timed in three parts — the gather of the batch, the network's gradients, the
 * optimizer's step — and after each epoch the same number of steps of just the eight products (the same shapes, on
 * matrices of the network's sizes) is timed; the ratio of the two is what the step costs beyond its products.
 * Prediction: a batch of 1000 test images through {@code Network.predict}, and the three forward products alone,
 * alternately, each timed per call.
 *
 * <p>Usage: {@code StepBreakdown [--batch 128] [--epochs 4] [--optimizer momentum|adam] [--keep-prob 1.0]
 * [--weight-decay 0] [--predictions 1000]}. Prints one line per epoch, a JSON summary line (medians over epochs 2 and
 * later) and the prediction's percentiles. Reads the training set from the Debian package's files (see
 * {@link FashionMnist}).
 */
public final class StepBreakdown {

    private static double sink;

    private StepBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        int predictions = 1000;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--predictions") && i + 1 < args.length) {
                predictions = Integer.parseInt(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        FashionMnistBench.Options o = FashionMnistBench.Options.parse(rest.toArray(String[]::new));
        Dataset train = FashionMnist.train();
        Dataset test = FashionMnist.test();
        double[] stats = FashionMnistBench.meanAndStd(train.features());
        FashionMnistBench.standardizeInPlace(train.features(), stats[0], stats[1]);
        FashionMnistBench.standardizeInPlace(test.features(), stats[0], stats[1]);

        Network network = FashionMnistBench.spec(o).build(DType.FLOAT32, o.seed);
        Optimizer optimizer = "adam".equals(o.optimizer) ? new Adam() : new Momentum(0.9);
        List<Parameter> parameters = new ArrayList<>(network.parameters().values());
        int m = train.size();
        int batch = o.batch;
        int steps = m / batch;
        Matrix x = Matrix.zeros(DType.FLOAT32, batch, 784);
        Matrix y = Matrix.zeros(DType.FLOAT32, batch, train.targets().cols());
        StepProducts products = new StepProducts(batch);

        List<double[]> epochs = new ArrayList<>();
        int[] order = new int[m];
        for (int epoch = 1; epoch <= o.epochs; epoch++) {
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            SplittableRandom rng = new SplittableRandom(o.seed * 31 + epoch);
            for (int i = m - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long gather = 0;
            long gradients = 0;
            long step = 0;
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                x.gatherRows(train.features(), order, s * batch);
                y.gatherRows(train.targets(), order, s * batch);
                long t1 = System.nanoTime();
                sink += network.computeGradients(x, y, Mode.TRAIN, m);
                long t2 = System.nanoTime();
                optimizer.step(parameters, o.lr);
                long t3 = System.nanoTime();
                gather += t1 - t0;
                gradients += t2 - t1;
                step += t3 - t2;
            }
            long p0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                products.step();
            }
            long productsNanos = System.nanoTime() - p0;
            double[] e = {(gather + gradients + step) / 1e9, gather / 1e9, gradients / 1e9, step / 1e9, productsNanos / 1e9};
            epochs.add(e);
            System.out.printf(Locale.ROOT, "epoch %d: %.3f s (gather %.3f, gradients %.3f, optimizer %.3f); the products alone "
                    + "%.3f s; epoch / products %.2f%n", epoch, e[0], e[1], e[2], e[3], e[4], e[0] / e[4]);
        }
        double[] ratio = epochs.stream().skip(1).mapToDouble(e -> e[0] / e[4]).toArray();
        double[] beyond = epochs.stream().skip(1).mapToDouble(e -> (e[2] - e[4]) / steps * 1e6).toArray();

        Matrix images = test.features().rowRange(0, 1000);
        StepProducts forward = new StepProducts(1000);
        long[] predict = new long[predictions];
        long[] alone = new long[predictions];
        for (int i = -predictions / 5; i < predictions; i++) {
            long t0 = System.nanoTime();
            sink += network.predict(images).get(0);
            long t1 = System.nanoTime();
            forward.forward();
            long t2 = System.nanoTime();
            if (i >= 0) {
                predict[i] = t1 - t0;
                alone[i] = t2 - t1;
            }
        }
        System.out.println(String.format(Locale.ROOT, "{\"batch\": %d, \"optimizer\": \"%s\", \"keep_prob\": %s, "
                        + "\"weight_decay\": %s, \"epoch_over_products\": %.3f, \"gradients_beyond_products_us_per_step\": %.1f, "
                        + "\"predict_1000_us_p50\": %.0f, \"forward_products_1000_us_p50\": %.0f, \"products_over_predict\": %.3f}",
                batch, o.optimizer, o.keepProb, o.weightDecay, FashionMnistBench.median(ratio), FashionMnistBench.median(beyond),
                percentile(predict, 0.5), percentile(alone, 0.5), percentile(alone, 0.5) / percentile(predict, 0.5)));
        if (sink + products.sink() + forward.sink() == 42) {
            System.out.println();
        }
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(p * (sorted.length - 1))] / 1e3;
    }
}
