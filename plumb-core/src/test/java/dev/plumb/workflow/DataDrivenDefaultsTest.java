package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Normalizer;
import dev.plumb.data.io.DataFileException;
import dev.plumb.train.ChosenDefault;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EarlyStoppingSpec;
import dev.plumb.train.RunRecord;

/**
 * Options left at {@code auto} are chosen from the data (issue 14 §0): small tabular data sets this test writes reach a
 * stated accuracy with no flag but the data's, and do not with the fixed defaults they replaced (20 epochs, no early
 * stopping); text features are not standardized; the run record says what was chosen and why.
 */
class DataDrivenDefaultsTest {

    @TempDir
    Path dir;

    // ---- the rules, against numbers worked out by hand ----

    @Test
    void epochsAreABudgetOfOptimizerStepsWithinBounds() {
        // 90 iris rows in batches of 32: 3 steps an epoch, so 2,000 steps take ceil(2000 / 3) = 667 epochs
        assertThat(DataDrivenDefaults.epochs(90, 32)).isEqualTo(667);
        // the digits' 1,078 training images: 34 batches an epoch, ceil(2000 / 34) = 59 epochs
        assertThat(DataDrivenDefaults.epochs(1078, 32)).isEqualTo(59);
        // 48,000 Fashion-MNIST images: 1,500 batches an epoch; never fewer than the 20 epochs of before
        assertThat(DataDrivenDefaults.epochs(48_000, 32)).isEqualTo(20);
        // 12 examples: one batch an epoch would need 2,000 epochs; capped
        assertThat(DataDrivenDefaults.epochs(12, 32)).isEqualTo(1000);
        // a batch larger than the data is one step an epoch, as the trainer takes it
        assertThat(DataDrivenDefaults.epochs(100, 1000)).isEqualTo(1000);
    }

    @Test
    void earlyStoppingNeedsADevPartAndItsPatienceScalesWithTheEpochs() {
        assertThat(DataDrivenDefaults.earlyStopping(0, 667)).isEmpty();
        assertThat(DataDrivenDefaults.earlyStopping(30, 667))
                .contains(new EarlyStoppingSpec(EarlyStopping.Monitor.DEV_ERROR, 66, 1e-4));
        assertThat(DataDrivenDefaults.earlyStopping(359, 30))
                .contains(new EarlyStoppingSpec(EarlyStopping.Monitor.DEV_ERROR, 5, 1e-4));
    }

    // ---- small tabular data: good with the defaults, and not with the old fixed ones ----

    @Test
    void anIrisSizedCsvReachesNinetyPercentWithDefaultsOnly() throws Exception {
        Path csv = irisLike(dir.resolve("iris.csv"), 7);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "species"));
        RunResult result = train(spec);
        assertThat(accuracy(result, "test")).as("test accuracy with defaults").isGreaterThanOrEqualTo(0.9);
        assertThat(accuracy(result, "dev")).as("dev accuracy with defaults").isGreaterThanOrEqualTo(0.9);
        // the defaults matter: 20 epochs (60 steps) without early stopping do not get there
        assertThat(meanAccuracy(train(oldDefaults(spec)))).as("dev and test accuracy with the old defaults").isLessThan(0.9);
    }

    @Test
    void twoInterleavedMoonsReachNinetyFivePercentWithDefaultsOnly() throws Exception {
        Path csv = moons(dir.resolve("moons.csv"), 200, 11);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "class"));
        RunResult result = train(spec);
        assertThat(meanAccuracy(result)).as("dev and test accuracy with defaults").isGreaterThanOrEqualTo(0.95);
        assertThat(meanAccuracy(train(oldDefaults(spec)))).as("with the old defaults").isLessThan(0.9);
    }

    @Test
    void featuresOnVeryDifferentScalesReachNinetyPercentWithDefaultsOnly() throws Exception {
        Path csv = scaled(dir.resolve("scales.csv"), 400, 5);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "y"));
        RunResult result = train(spec);
        assertThat(meanAccuracy(result)).as("dev and test accuracy with defaults").isGreaterThanOrEqualTo(0.9);
        assertThat(result.record().setup().normalizer().kind()).isEqualTo("standard");
        assertThat(meanAccuracy(train(oldDefaults(spec)))).as("with the old defaults").isLessThan(0.9);
    }

    // ---- what is recorded, and that explicit values keep their meaning ----

    @Test
    void theRecordListsEveryChoiceWithItsReasonAndTheSpecKeepsAuto() throws Exception {
        Path csv = irisLike(dir.resolve("iris.csv"), 3);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "species", "epochs", "5"));
        RunResult result = train(spec);
        RunRecord record = RunRecord.fromJson(result.record().toJson());
        List<ChosenDefault> chosen = record.setup().defaults();
        // epochs was given: it is not chosen, and it is exactly what ran
        assertThat(chosen).extracting(ChosenDefault::option).containsExactly("early-stopping", "normalize");
        assertThat(record.setup().config().epochs()).isEqualTo(5);
        assertThat(chosen.get(0).value()).isEqualTo("patience=5,min-delta=1.0E-4,monitor=dev_error");
        assertThat(chosen.get(0).reason()).contains("dev part of 30 examples");
        assertThat(record.training().earlyStopping()).isNotNull();
        assertThat(chosen.get(1).value()).isEqualTo("standard");
        assertThat(record.setup().normalizer().kind()).isEqualTo("standard");
        // config.yaml is written from the spec, which keeps auto; parse(toOptions()) gives it back
        assertThat(result.spec().toOptions()).containsEntry("early-stopping", "auto").containsEntry("normalize", "auto")
                .containsEntry("epochs", "5");
        assertThat(RunSpec.parse(result.spec().toOptions())).isEqualTo(spec);
    }

    @Test
    void theResolutionIsAFunctionOfTheDataSoAResumedRunChoosesTheSame() throws Exception {
        Path csv = irisLike(dir.resolve("iris.csv"), 3);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "species"));
        DataDrivenDefaults.Resolution first = DataDrivenDefaults.resolve(spec, TrainingRun.prepare(spec));
        DataDrivenDefaults.Resolution again = DataDrivenDefaults.resolve(spec, TrainingRun.prepare(spec));
        assertThat(again).isEqualTo(first);
        assertThat(first.spec().training().epochs().value()).isEqualTo(667);
        assertThat(first.chosen().get(0).format())
                .isEqualTo("epochs: auto → 667 (about 2,000 optimizer steps at 3 batches of 32 per epoch (90 training examples))");
        // nothing in the resolved spec is left to choose
        Map<String, String> resolved = first.spec().toOptions();
        assertThat(List.of(resolved.get("epochs"), resolved.get("early-stopping"), resolved.get("normalize")))
                .containsExactly("667", "patience=66,min-delta=1.0E-4,monitor=dev_error", "standard");
        assertThat(DataDrivenDefaults.resolve(first.spec(), TrainingRun.prepare(spec)).chosen()).isEmpty();
    }

    @Test
    void aRunWithAutoOptionsStoppedMidwayAndResumedFromItsDirectoryEndsAsIfItHadNeverStopped() throws Exception {
        Path csv = moons(dir.resolve("moons.csv"), 600, 4);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "class", "keep-prob", "0.9"));
        RunResult reference = train(spec);
        assertThat(reference.record().setup().config().epochs()).isEqualTo(167); // 360 rows: 12 batches an epoch

        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
        PreparedData data = TrainingRun.prepare(spec);
        run.begin(spec, data, false);
        RunResult stopped = TrainingRun.train(spec, data, List.of(new StopAt(40)), run.checkpoints());
        assertThat(stopped.record().history()).hasSize(39);
        // a new process: the spec from config.yaml (auto and all), the data loaded again, the same choices made
        RunSpec again = run.readSpec();
        assertThat(again).isEqualTo(spec);
        RunResult resumed = TrainingRun.train(again, TrainingRun.prepare(again), List.of(), run.checkpoints());

        assertThat(resumed.record().setup().defaults()).isEqualTo(reference.record().setup().defaults());
        assertThat(resumed.record().history().stream().map(e -> e.devCost()).toList())
                .isEqualTo(reference.record().history().stream().map(e -> e.devCost()).toList());
        assertThat(resumed.record().result().evaluations()).isEqualTo(reference.record().result().evaluations());
        for (int l = 0; l < reference.model().network().layers().size(); l++) {
            var expected = reference.model().network().layers().get(l).parameters();
            var actual = resumed.model().network().layers().get(l).parameters();
            for (int p = 0; p < expected.size(); p++) {
                assertThat(actual.get(p).value().toDoubleArray()).as("layer %d parameter %d", l, p)
                        .isEqualTo(expected.get(p).value().toDoubleArray());
            }
        }
    }

    /** Asks the trainer to stop at the first batch of {@code epoch}, as Ctrl-C would. */
    private static final class StopAt implements dev.plumb.train.Callback {
        private final int epoch;
        private boolean due;

        StopAt(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onBatchEnd(int e, int b, double cost) {
            due = e == epoch;
        }

        @Override
        public java.util.Optional<String> interruption() {
            return due ? java.util.Optional.of("stopped by the test") : java.util.Optional.empty();
        }
    }

    @Test
    void withoutADevPartEarlyStoppingIsOff() throws Exception {
        Path csv = irisLike(dir.resolve("iris.csv"), 3);
        RunSpec spec = RunSpec.parse(Map.of("data", csv.toString(), "label", "species", "split", "0.8,0,0.2", "epochs", "3"));
        RunResult result = train(spec);
        assertThat(result.record().setup().defaults()).filteredOn(d -> d.option().equals("early-stopping"))
                .singleElement().satisfies(d -> {
                    assertThat(d.value()).isEqualTo("off");
                    assertThat(d.reason()).isEqualTo("no dev part to watch");
                });
        assertThat(result.record().training().earlyStopping()).isNull();
    }

    @Test
    void textFeaturesAreNotStandardizedByDefault() throws Exception {
        Path folder = textFolder(dir.resolve("mail"));
        RunSpec spec = RunSpec.parse(Map.of("data", folder.toString(), "epochs", "10"));
        PreparedData data = TrainingRun.prepare(spec);
        assertThat(data.normalizer()).as("no normalizer fitted on text features").isNull();
        // the reason given holds: every TF-IDF row with a known word has unit Euclidean length
        double[] x = data.train().features().toDoubleArray();
        int width = data.train().featureCount();
        for (int i = 0; i < data.train().size(); i++) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += x[i * width + j] * x[i * width + j];
            }
            assertThat(Math.sqrt(sum)).as("row %d", i).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        RunResult result = TrainingRun.train(spec, data, List.of());
        assertThat(result.record().setup().normalizer()).isNull();
        assertThat(result.record().setup().defaults()).filteredOn(d -> d.option().equals("normalize")).singleElement()
                .satisfies(d -> {
                    assertThat(d.value()).isEqualTo("none");
                    assertThat(d.reason()).contains("TF-IDF rows already of unit length");
                    assertThat(d.format()).startsWith("normalize: auto → none (text features, TF-IDF rows");
                });
        assertThat(DataDrivenDefaults.normalizeWarning(spec, data)).as("auto needs no warning").isEmpty();
        // an explicit normalizer is still honoured on text, with a warning line
        RunSpec standard = RunSpec.parse(Map.of("data", folder.toString(), "epochs", "10", "normalize", "standard"));
        PreparedData standardized = TrainingRun.prepare(standard);
        assertThat(standardized.normalizer()).isNotNull().extracting(Normalizer::kind).isEqualTo("standard");
        assertThat(DataDrivenDefaults.normalizeWarning(standard, standardized)).hasValue("warning: normalize standard on "
                + "text-folder features usually hurts TF-IDF rows: dividing each rare word's column by its tiny deviation "
                + "makes rare words dominate; leave --normalize at auto (none for text) unless a dev set says otherwise");
        RunSpec none = RunSpec.parse(Map.of("data", folder.toString(), "epochs", "10", "normalize", "none"));
        assertThat(DataDrivenDefaults.normalizeWarning(none, TrainingRun.prepare(none))).isEmpty();
    }

    @Test
    void standardizingNumericFeaturesOnPurposeIsNoCauseForAWarning() throws Exception {
        RunSpec spec = RunSpec.parse(Map.of("data", "digits", "normalize", "standard"));
        assertThat(DataDrivenDefaults.normalizeWarning(spec, TrainingRun.prepare(spec))).isEmpty();
    }

    // ---- helpers ----

    private static RunResult train(RunSpec spec) throws DataFileException {
        return TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());
    }

    /** The spec with the fixed defaults `auto` replaced: 20 epochs, no early stopping. */
    private static RunSpec oldDefaults(RunSpec spec) {
        Map<String, String> options = new HashMap<>(spec.toOptions());
        options.put("epochs", "20");
        options.put("early-stopping", "off");
        return RunSpec.parse(options);
    }

    private static double accuracy(RunResult result, String split) {
        return result.record().evaluation(split).orElseThrow().accuracy();
    }

    private static double meanAccuracy(RunResult result) {
        return (accuracy(result, "dev") + accuracy(result, "test")) / 2;
    }

    /** 150 rows, 50 per species, Gaussian around the iris class means with iris-like spreads (two classes overlap). */
    static Path irisLike(Path file, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] means = {{5.0, 3.4, 1.5, 0.25}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.5, 2.0}};
        double[][] spreads = {{0.35, 0.38, 0.17, 0.1}, {0.5, 0.31, 0.47, 0.2}, {0.63, 0.32, 0.55, 0.27}};
        StringBuilder sb = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 4; j++) {
                    sb.append(Math.round((means[k][j] + spreads[k][j] * rng.nextGaussian()) * 100) / 100.0).append(',');
                }
                sb.append(names[k]).append('\n');
            }
        }
        return Files.writeString(file, sb);
    }

    /** Two interleaved half circles with Gaussian noise 0.1: not linearly separable. */
    static Path moons(Path file, int rows, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x1,x2,class\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 2;
            double t = Math.PI * rng.nextDouble();
            double x = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double y = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            sb.append(x + 0.1 * rng.nextGaussian()).append(',').append(y + 0.1 * rng.nextGaussian()).append(',')
                    .append(c == 0 ? "upper" : "lower").append('\n');
        }
        return Files.writeString(file, sb);
    }

    /**
     * Ten features, feature j on the scale 10^(j−5) (1e-5 … 1e4), the class the sign of a function of five of them
     * (one squared): without standardization the small ones are invisible.
     */
    static Path scaled(Path file, int rows, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 10; j++) {
            sb.append('f').append(j).append(',');
        }
        sb.append("y\n");
        for (int i = 0; i < rows; i++) {
            double[] z = new double[10];
            for (int j = 0; j < 10; j++) {
                z[j] = rng.nextGaussian();
                sb.append(z[j] * Math.pow(10, j - 5)).append(',');
            }
            double score = z[0] + z[7] - 0.8 * z[9] + 0.5 * z[4] + 0.5 * (z[2] * z[2] - 1);
            sb.append(score > 0 ? "yes" : "no").append('\n');
        }
        return Files.writeString(file, sb);
    }

    /** A folder of e-mails in two classes, each mail a few words of its class's vocabulary and some shared ones. */
    static Path textFolder(Path root) throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        String[] spam = {"win", "free", "money", "claim", "prize", "offer", "cash", "bonus"};
        String[] ham = {"meeting", "report", "agenda", "lunch", "project", "review", "notes", "draft"};
        String[] shared = {"the", "today", "please", "hello", "thanks", "you"};
        for (String label : List.of("spam", "ham")) {
            Files.createDirectories(root.resolve(label));
            String[] words = label.equals("spam") ? spam : ham;
            for (int i = 0; i < 60; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    text.append(rng.nextInt(3) == 0 ? shared[rng.nextInt(shared.length)] : words[rng.nextInt(words.length)])
                            .append(' ');
                }
                Files.writeString(root.resolve(label).resolve("m" + i + ".txt"), text);
            }
        }
        return root;
    }
}
