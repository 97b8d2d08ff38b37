package dev.plumb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.plumb.data.Dataset;
import dev.plumb.data.Standardizer;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.optim.Momentum;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Blas;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * Plumb's side of {@code compare-pytorch.sh}: trains the 784-256-128-10 ReLU MLP on Fashion-MNIST with
 * the public API, then (with {@code --inference}) measures prediction throughput and single-example
 * latency, and prints one JSON line that the harness reads. {@code torch_mlp.py} is the same program for
 * PyTorch; keep the two in step.
 *
 * <p>Epoch time is the training part of the epoch only — from the end of the previous epoch (or the start
 * of training) to the end of its last mini-batch step, shuffling included — because {@link Trainer}
 * also measures train cost and error in eval mode after every epoch, a full forward pass PyTorch's
 * loop does not make. The callbacks see both moments, so no option of the trainer is needed for it.
 *
 * <p>Usage: {@code FashionMnistBench [--optimizer momentum|adam] [--lr 0.05] [--batch 128] [--epochs 5]
 * [--keep-prob 1.0] [--weight-decay 0] [--seed 42] [--inference] [--augment shift=2]}. With {@code --augment} (Plumb
 * only: the harness compares it with Plumb's own plain epoch) each training batch is augmented in pixel space, as
 * {@code plumb train --augment} does on standardized data.
 */
public final class FashionMnistBench {

    private static final int[] HIDDEN = {256, 128};
    private static final int CLASSES = 10;
    static final int INFERENCE_BATCH = 1000;
    static final int LATENCY_WARMUP = 3000;
    static final int LATENCY_SAMPLES = 10000;
    static final int THROUGHPUT_WARMUP = 5;
    static final int THROUGHPUT_PASSES = 15;

    private FashionMnistBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        long loadStart = System.nanoTime();
        Dataset train = FashionMnist.train();
        Dataset test = FashionMnist.test();
        // one scalar μ and σ over all training pixels, as torchvision's Normalize((μ,), (σ,)) does
        double[] stats = meanAndStd(train.features());
        standardizeInPlace(train.features(), stats[0], stats[1]);
        standardizeInPlace(test.features(), stats[0], stats[1]);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        Network network = spec(o).build(DType.FLOAT32, o.seed);
        Optimizer optimizer = "adam".equals(o.optimizer) ? new Adam() : new Momentum(0.9);
        int rest = train.size() % o.batch;
        EpochTimer timer = new EpochTimer(new StepProducts(o.batch), rest == 0 ? null : new StepProducts(rest),
                train.size() / o.batch);
        Augmenter augmenter = null;
        if (o.augment != null) {
            // in pixel space, as the command line augments standardized data: the scalar μ and σ as per-pixel statistics
            double[] mean = new double[train.featureCount()];
            double[] std = new double[train.featureCount()];
            Arrays.fill(mean, stats[0]);
            Arrays.fill(std, stats[1]);
            augmenter = new Augmenter(Augmentation.parse(o.augment), train.imageShape(), Standardizer.of(mean, std), o.seed);
        }
        Trainer trainer = new Trainer(new TrainConfig(o.epochs, o.batch, o.lr, o.seed, true), optimizer, List.of(timer),
                augmenter);
        trainer.fit(network, train, null);
        double testAccuracy = Trainer.evaluate("test", network, test, train.size()).accuracy();

        StringBuilder json = new StringBuilder("{");
        field(json, "side", "\"plumb\"");
        field(json, "blas", "\"" + Blas.defaultBlas().name() + "\"");
        field(json, "augment", "\"" + (o.augment == null ? "none" : o.augment) + "\"");
        field(json, "load_seconds", fmt(loadSeconds));
        field(json, "epoch_seconds", Arrays.toString(timer.seconds()));
        field(json, "products_seconds", Arrays.toString(timer.productsSeconds()));
        field(json, "test_accuracy", fmt(testAccuracy));
        field(json, "weights_crc32", Long.toString(weightsChecksum(network)));
        if (o.inference) {
            Inference r = measureInference(network, test.features());
            field(json, "infer_images_per_second", fmt(r.imagesPerSecond));
            field(json, "latency_p50_us", fmt(r.p50Micros));
            field(json, "latency_p99_us", fmt(r.p99Micros));
        }
        json.setLength(json.length() - 2);
        System.out.println(json.append('}'));
    }

    static NetworkSpec spec(Options o) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : HIDDEN) {
            layers.add(LayerSpec.dense(units, Activation.relu()));
            if (o.keepProb < 1) {
                layers.add(LayerSpec.dropout(o.keepProb));
            }
        }
        layers.add(LayerSpec.dense(CLASSES, Activation.identity(), Initializer.parse("he")));
        // PyTorch's weight_decay wd adds wd·W to the gradient; Plumb's L2 adds (λ/m)·W with m the training-set size
        double lambda = o.weightDecay * 60_000;
        return new NetworkSpec(784, layers, Loss.softmaxCrossEntropy(), lambda, 0);
    }

    /** Mean and population standard deviation of all elements, accumulated in double. */
    static double[] meanAndStd(Matrix x) {
        int n = x.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x.get(i);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double c = x.get(i) - mean;
            squares += c * c;
        }
        return new double[] {mean, Math.sqrt(squares / n)};
    }

    /** In place, element by element (no second copy of the 188 MB training set in a 400 MB heap). */
    static void standardizeInPlace(Matrix x, double mean, double std) {
        for (int i = 0, n = x.size(); i < n; i++) {
            x.set(i, (x.get(i) - mean) / std);
        }
    }

    /** CRC-32 of every parameter's float bits: equal checksums mean bit-identical training. */
    static long weightsChecksum(Network network) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4);
        for (var p : network.parameters().values()) {
            for (float v : p.value().toFloatArray()) {
                crc.update(bytes.clear().putFloat(v).array());
            }
        }
        return crc.getValue();
    }

    private record Inference(double imagesPerSecond, double p50Micros, double p99Micros) {
    }

    /** Throughput over the test set in batches of 1000, then the latency of single-example predictions. */
    private static Inference measureInference(Network network, Matrix testX) {
        List<Matrix> batches = new ArrayList<>();
        for (int from = 0; from < testX.rows(); from += INFERENCE_BATCH) {
            batches.add(testX.rowRange(from, Math.min(testX.rows(), from + INFERENCE_BATCH)));
        }
        double[] passSeconds = new double[THROUGHPUT_PASSES];
        for (int pass = -THROUGHPUT_WARMUP; pass < THROUGHPUT_PASSES; pass++) {
            long start = System.nanoTime();
            for (Matrix batch : batches) {
                consume(network.predict(batch));
            }
            if (pass >= 0) {
                passSeconds[pass] = (System.nanoTime() - start) / 1e9;
            }
        }
        double imagesPerSecond = testX.rows() / median(passSeconds);

        // one example at a time, each copied into the same one-row matrix before its clock starts: 10,000 one-row
        // copies kept side by side would add 31 MB to the heap and, past a threshold, a collection to the peak RSS
        Matrix x = Matrix.zeros(testX.dtype(), 1, testX.cols());
        int[] row = new int[1];
        double[] micros = new double[LATENCY_SAMPLES];
        for (int i = -LATENCY_WARMUP; i < LATENCY_SAMPLES; i++) {
            row[0] = Math.floorMod(i, testX.rows());
            x.gatherRows(testX, row, 0);
            long start = System.nanoTime();
            consume(network.predict(x));
            if (i >= 0) {
                micros[i] = (System.nanoTime() - start) / 1e3;
            }
        }
        Arrays.sort(micros);
        return new Inference(imagesPerSecond, percentile(micros, 0.50), percentile(micros, 0.99));
    }

    private static double sink;

    /** Keeps the JIT from dropping a prediction nobody reads. */
    private static void consume(Matrix probabilities) {
        sink += probabilities.get(0);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\": ").append(value).append(", ");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * Training seconds of each epoch: from the previous epoch's end (or the start of training) to the
     * end of the epoch's last mini-batch, so the trainer's eval-mode measurement after it is left out.
     */
    /**
     * Times each epoch's steps (from the end of the previous epoch's callbacks to its last batch) and, right after
     * the last batch, the same epoch's matrix products alone ({@link StepProducts}, outside the epoch's time): the
     * ratio of the two is the epoch's cost beyond its products, measured in this process, free of the VM's speed
     * changes between the harness's processes.
     */
    static final class EpochTimer implements Callback {
        private final List<Double> seconds = new ArrayList<>();
        private final List<Double> productsSeconds = new ArrayList<>();
        private final StepProducts full;
        private final StepProducts rest;
        private final int fullSteps;
        private int batchesPerEpoch;
        private long epochStart;

        EpochTimer(StepProducts full, StepProducts rest, int fullSteps) {
            this.full = full;
            this.rest = rest;
            this.fullSteps = fullSteps;
        }

        @Override
        public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
            this.batchesPerEpoch = batchesPerEpoch;
            epochStart = System.nanoTime();
        }

        @Override
        public void onBatchEnd(int epoch, int batch, double batchCost) {
            if (batch == batchesPerEpoch) {
                seconds.add((System.nanoTime() - epochStart) / 1e9);
                productsSeconds.add(StepProducts.epochSeconds(full, rest, fullSteps));
            }
        }

        @Override
        public Decision onEpochEnd(EpochLogs logs) {
            epochStart = System.nanoTime();
            return Decision.proceed();
        }

        double[] seconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] productsSeconds() {
            return productsSeconds.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** Command-line options; the defaults are the baseline run. */
    static final class Options {
        String optimizer = "momentum";
        double lr = 0.05;
        int batch = 128;
        int epochs = 5;
        double keepProb = 1.0;
        double weightDecay = 0;
        long seed = 42;
        boolean inference;
        String augment;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--optimizer" -> o.optimizer = args[++i];
                    case "--lr" -> o.lr = Double.parseDouble(args[++i]);
                    case "--batch" -> o.batch = Integer.parseInt(args[++i]);
                    case "--epochs" -> o.epochs = Integer.parseInt(args[++i]);
                    case "--keep-prob" -> o.keepProb = Double.parseDouble(args[++i]);
                    case "--weight-decay" -> o.weightDecay = Double.parseDouble(args[++i]);
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--inference" -> o.inference = true;
                    case "--augment" -> o.augment = args[++i];
                    default -> throw new IllegalArgumentException("Invalid argument '" + a + "'. Expected --optimizer, "
                            + "--lr, --batch, --epochs, --keep-prob, --weight-decay, --seed, --inference or --augment.");
                }
            }
            if (!o.optimizer.equals("momentum") && !o.optimizer.equals("adam")) {
                throw new IllegalArgumentException("Invalid value for --optimizer: '" + o.optimizer
                        + "'. Expected momentum or adam.");
            }
            return o;
        }
    }
}
