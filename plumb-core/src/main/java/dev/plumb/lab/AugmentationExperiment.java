package dev.plumb.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.augment.AugmentationSpec;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * The note's claim that augmentation and more data lower variance, on Fashion-MNIST: the same network trained on
 * growing subsets with and without random shifts, its error measured on a fixed dev set. Fashion-MNIST is not
 * bundled: without it the experiment is skipped with how to install it; {@code --data DIR} names another directory
 * holding its IDX files.
 *
 * <p>The images come from the t10k file (10,000 images): the training subsets and the dev set are disjoint draws from
 * it, so the experiment reads 8 MB rather than the 60,000-image file (which also would not fit a small heap).
 */
public final class AugmentationExperiment implements Experiment {

    static final int[] SIZES = {250, 500, 1000, 2000};
    static final int DEV_SIZE = 2000;
    static final int HIDDEN = 64;
    static final int EPOCHS = 100;
    static final int BATCH = 32;
    static final double LR = 0.001;
    static final String AUGMENT = "shift=1";
    static final DType DTYPE = DType.FLOAT32;
    /** The sizes at which augmentation must help: the smaller half. */
    static final int SMALL_SIZES = 2;

    private final Path directory;
    private final boolean directoryGiven;

    public AugmentationExperiment() {
        this(FashionMnist.DEFAULT_DIRECTORY, false);
    }

    /** Reads Fashion-MNIST from {@code directory} (tests point it at a missing one). */
    AugmentationExperiment(Path directory) {
        this(directory, true);
    }

    private AugmentationExperiment(Path directory, boolean given) {
        this.directory = directory;
        this.directoryGiven = given;
    }

    @Override
    public String name() {
        return "augmentation";
    }

    @Override
    public String claim() {
        return "Data augmentation (random shifts) lowers dev error where training data is scarce, and more data lowers "
                + "dev error with or without it.";
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        Path dir = settings.data().map(Path::of).orElse(directory);
        boolean named = settings.data().isPresent() || directoryGiven;
        if (!Files.isDirectory(dir)) {
            return LabResult.skipped(this, "Fashion-MNIST is not installed (no directory " + dir + "): "
                    + FashionMnist.HOW_TO_GET + ". Then run: plumb lab augmentation");
        }
        Dataset all;
        try {
            all = FashionMnist.test(dir);
        } catch (DataFileException e) {
            if (named) {
                throw e;
            }
            return LabResult.skipped(this, "Fashion-MNIST is not readable in " + dir + ": " + e.getMessage());
        }

        // one seeded permutation: the dev set first, then nested training subsets (each size holds the smaller ones)
        int[] order = permutation(all.size(), settings.seed());
        Dataset dev = all.subset("fashion-mnist dev", Arrays.copyOfRange(order, 0, DEV_SIZE));
        int largest = SIZES[SIZES.length - 1];
        if (all.size() < DEV_SIZE + largest) {
            throw new DataFileException(dir, "holds " + all.size() + " t10k images; the experiment needs "
                    + (DEV_SIZE + largest));
        }
        NetworkSpec spec = NetworkSpec.mlp(all.featureCount(), new int[] {HIDDEN}, all.classCount(), Activation.relu(),
                Loss.softmaxCrossEntropy());

        double[] plain = new double[SIZES.length];
        double[] augmented = new double[SIZES.length];
        double[] plainTrain = new double[SIZES.length];
        double[] augmentedTrain = new double[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            int[] idx = Arrays.copyOfRange(order, DEV_SIZE, DEV_SIZE + SIZES[i]);
            Arrays.sort(idx);
            Dataset train = all.subset("fashion-mnist train " + SIZES[i], idx);
            double[] p = trainAndMeasure(spec, train, dev, null, EPOCHS, settings.seed());
            double[] a = trainAndMeasure(spec, train, dev, AUGMENT, EPOCHS, settings.seed());
            plainTrain[i] = p[0];
            plain[i] = p[1];
            augmentedTrain[i] = a[0];
            augmented[i] = a[1];
        }

        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", "Fashion-MNIST from " + dir + ", the t10k file (" + all.size() + " images, pixels in [0, 1], "
                + "not standardized); a seeded permutation gives a dev set of " + DEV_SIZE + " and nested training "
                + "subsets of the rest");
        setup.put("seed", Long.toString(settings.seed()));
        setup.put("training-set sizes", Arrays.toString(SIZES));
        setup.put("network", spec.inputs() + " → " + HIDDEN + " relu → " + spec.outputs() + " softmax, default "
                + "initializer (He), float32, network seed = seed");
        setup.put("optimizer", "adam, lr " + LR + ", batch " + BATCH + ", shuffled, " + EPOCHS + " epochs, no early stopping");
        setup.put("augmentation", AUGMENT + " (random shifts of up to 1 pixel each way, edges zero-filled; training "
                + "batches only; Augmenter seeded with the seed)");

        double[] x = Arrays.stream(SIZES).asDoubleStream().toArray();
        List<LabResult.Figure> figures = List.of(LabResult.Figure.lines("Dev error against training-set size",
                "training examples", "error", true, false, List.of(
                        new LabResult.Series("dev, no augmentation", x, plain),
                        new LabResult.Series("dev, " + AUGMENT, x, augmented),
                        new LabResult.Series("train, no augmentation", x, plainTrain),
                        new LabResult.Series("train, " + AUGMENT, x, augmentedTrain))));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            rows.add(List.of(SIZES[i], plainTrain[i], plain[i], augmentedTrain[i], augmented[i], plain[i] - augmented[i],
                    plain[i] - plainTrain[i], augmented[i] - augmentedTrain[i]));
        }
        List<LabResult.Table> tables = List.of(new LabResult.Table("Errors per training-set size", List.of(
                "training examples", "train error", "dev error", "train error, " + AUGMENT, "dev error, " + AUGMENT,
                "dev error saved by augmentation", "dev − train, no augmentation", "dev − train, " + AUGMENT), rows));

        List<LabResult.Check> checks = new ArrayList<>();
        boolean helps = true;
        StringBuilder evidence = new StringBuilder();
        for (int i = 0; i < SMALL_SIZES; i++) {
            helps &= augmented[i] < plain[i];
            evidence.append(String.format(Locale.ROOT, "%s%d examples: %.4f with, %.4f without", i == 0 ? "" : "; ",
                    SIZES[i], augmented[i], plain[i]));
        }
        checks.add(new LabResult.Check("with augmentation the dev error is lower at the small sizes ("
                + Arrays.toString(Arrays.copyOf(SIZES, SMALL_SIZES)) + ")", helps, evidence.toString()));
        checks.add(new LabResult.Check("more data lowers the dev error without augmentation", falls(plain),
                series(plain)));
        checks.add(new LabResult.Check("more data lowers the dev error with augmentation", falls(augmented),
                series(augmented)));
        return new LabResult(name(), claim(), setup, figures, tables, LabResult.Verdict.of(checks), null);
    }

    /** Strictly falling from each size to the next. */
    static boolean falls(double[] errors) {
        for (int i = 1; i < errors.length; i++) {
            if (!(errors[i] < errors[i - 1])) {
                return false;
            }
        }
        return true;
    }

    private static String series(double[] errors) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < errors.length; i++) {
            s.append(i == 0 ? "" : " → ").append(String.format(Locale.ROOT, "%.4f (%d)", errors[i], SIZES[i]));
        }
        return s.toString();
    }

    /** Train and dev error of a fresh network trained on {@code train}, augmented by {@code augment} unless null. */
    static double[] trainAndMeasure(NetworkSpec spec, Dataset train, Dataset dev, String augment, int epochs, long seed) {
        Augmenter augmenter = augment == null ? null
                : new Augmenter(AugmentationSpec.parse(augment).create(), train.imageShape(), seed);
        Network network = spec.build(DTYPE, seed);
        TrainConfig config = new TrainConfig(epochs, BATCH, LR, seed, true);
        new Trainer(config, OptimizerSpec.parse("adam").create(), List.of(), augmenter).fit(network, train, null);
        return new double[] {Trainer.evaluate("train", network, train, train.size()).error(),
                Trainer.evaluate("dev", network, dev, train.size()).error()};
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
