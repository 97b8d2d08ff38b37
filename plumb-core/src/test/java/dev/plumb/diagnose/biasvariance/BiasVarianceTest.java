package dev.plumb.diagnose.biasvariance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.diagnose.biasvariance.BiasVariance.Verdict;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.InputProfile;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.train.Trainer;

class BiasVarianceTest {

    // ---- the note's own examples: four train/dev error pairs, optimal error ≈ 0, and the verdict it gives each ----

    @ParameterizedTest(name = "train {0} / dev {1} / optimal {2} → {3}")
    @CsvSource({
            "0.01,  0.11, 0,    HIGH_VARIANCE",          // 1 % / 11 %: 高方差
            "0.15,  0.16, 0,    HIGH_BIAS",              // 15 % / 16 %: 高偏差
            "0.15,  0.30, 0,    HIGH_BIAS_AND_VARIANCE", // 15 % / 30 %: 高偏差且高方差
            "0.005, 0.01, 0,    LOW_BIAS_AND_VARIANCE",  // 0.5 % / 1 %: 低偏差低方差
            "0.15,  0.16, 0.15, LOW_BIAS_AND_VARIANCE",  // 最优误差 15 %: 15 % / 16 % is fine
    })
    void theNotesExamplesComeOutAsTheNoteSays(double train, double dev, double optimal, Verdict expected) {
        assertThat(BiasVariance.of(train, dev, optimal).verdict()).isEqualTo(expected);
    }

    @Test
    void theGapsAreTheDifferencesOfTheErrors() {
        BiasVarianceReport r = BiasVariance.of(0.15, 0.30, 0.05);
        assertThat(r.avoidableBias()).isCloseTo(0.10, within(1e-15));
        assertThat(r.variance()).isCloseTo(0.15, within(1e-15));
        assertThat(r.trainError()).isEqualTo(0.15);
        assertThat(r.devError()).isEqualTo(0.30);
        assertThat(r.optimalError()).isEqualTo(0.05);
        assertThat(BiasVariance.of(0.01, 0.11).avoidableBias()).isCloseTo(0.01, within(1e-15));
        assertThat(BiasVariance.of(0.01, 0.11).variance()).isCloseTo(0.10, within(1e-15));
        assertThat(BiasVariance.of(0.01, 0.11).optimalError()).isZero();
        assertThat(BiasVariance.of(0.01, 0.11).thresholds()).isEqualTo(new BiasVarianceThresholds(0.05, 0.05));
    }

    @Test
    void thresholdsAreConfigurable() {
        // 0.5 % / 1 % has a 0.5-point variance: high against a 0.4-point threshold
        assertThat(BiasVariance.of(0.005, 0.01, 0, new BiasVarianceThresholds(0.01, 0.004)).verdict())
                .isEqualTo(Verdict.HIGH_VARIANCE);
        assertThat(BiasVariance.of(0.005, 0.01, 0, new BiasVarianceThresholds(0.004, 0.004)).verdict())
                .isEqualTo(Verdict.HIGH_BIAS_AND_VARIANCE);
        // 1 % / 11 % is no longer high variance against a 20-point threshold
        assertThat(BiasVariance.of(0.01, 0.11, 0, new BiasVarianceThresholds(0.05, 0.20)).verdict())
                .isEqualTo(Verdict.LOW_BIAS_AND_VARIANCE);
    }

    @Test
    void aGapEqualToTheThresholdIsNotAboveIt() {
        // 0.16 − 0.15 is 0.010000000000000009 in doubles: still "equal" to a 1-point threshold
        BiasVarianceThresholds onePoint = new BiasVarianceThresholds(0.01, 0.01);
        assertThat(BiasVariance.of(0.15, 0.16, 0.14, onePoint).verdict()).isEqualTo(Verdict.LOW_BIAS_AND_VARIANCE);
        assertThat(BiasVariance.of(0.15, 0.17, 0.14, onePoint).verdict()).isEqualTo(Verdict.HIGH_VARIANCE);
    }

    // ---- the recipe ----

    @Test
    void highBiasAdvisesABiggerNetworkThenLongerTrainingThenAnotherArchitecture() {
        List<String> recipe = BiasVariance.of(0.15, 0.16).recipe();
        assertThat(recipe.get(0)).contains("bigger network").contains("hidden units").contains("hidden layers");
        assertThat(recipe.get(1)).contains("Train longer").contains("optimizer");
        assertThat(recipe.get(recipe.size() - 1)).contains("another architecture");
        assertThat(String.join("\n", recipe)).doesNotContain("more training data").doesNotContain("test set");
    }

    @Test
    void highVarianceAdvisesDataAugmentationRegularizationEarlyStopping() {
        List<String> recipe = BiasVariance.of(0.01, 0.11).recipe();
        assertThat(recipe.get(0)).contains("more training data").contains("10 points above the train error");
        assertThat(recipe.get(1)).contains("augment");
        assertThat(recipe.get(2)).contains("L2").contains("dropout");
        assertThat(recipe.get(3)).contains("Stop early");
        assertThat(String.join("\n", recipe)).doesNotContain("bigger network");
    }

    @Test
    void bothFixesTheBiasFirst() {
        List<String> recipe = BiasVariance.of(0.15, 0.30).recipe();
        assertThat(recipe.get(0)).startsWith("Fix the bias first");
        int bigger = indexOf(recipe, "bigger network");
        int data = indexOf(recipe, "more training data");
        assertThat(bigger).isPositive();
        assertThat(data).isGreaterThan(bigger);
        assertThat(recipe.stream().filter(s -> s.contains("another architecture"))).hasSize(1);
    }

    @Test
    void neitherSaysEvaluateTheTestSetOnce() {
        List<String> recipe = BiasVariance.of(0.005, 0.01).recipe();
        assertThat(recipe.get(0)).startsWith("Done").contains("evaluate once on the test set");
        assertThat(BiasVariance.of(0.15, 0.16, 0.15).recipe().get(0)).startsWith("Done");
    }

    // ---- from a run record ----

    @Test
    void fromATrainedRunUsesItsFinalEvaluationsAndItsNetwork() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 11, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());
        Dataset dev = standardizer.transform(parts.dev());
        NetworkSpec spec = NetworkSpec.mlp(64, new int[] {4}, 10, Activation.relu(), Loss.softmaxCrossEntropy());
        RunRecord run = new Trainer(new TrainConfig(3, 32, 0.01, 1, true), new Sgd())
                .fit(spec.build(DType.FLOAT32, 1), train, dev);

        // zero thresholds: any train error above the 0 % optimal is high bias, so the bias recipe is shown
        BiasVarianceReport r = BiasVariance.from(run, 0, new BiasVarianceThresholds(0, 0), Phrasing.COMMAND_LINE);
        assertThat(r.trainError()).isEqualTo(run.evaluation("train").orElseThrow().error());
        assertThat(r.devError()).isEqualTo(run.evaluation("dev").orElseThrow().error());
        assertThat(r.verdict().highBias()).isTrue();
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).contains("hidden layers have 4 units").contains("try --layers 8"));
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).contains("training ran 3 epochs").contains("still falling"));
        if (r.verdict().highVariance()) {
            assertThat(r.recipe()).anySatisfy(s -> assertThat(s).startsWith("L2 is off (λ = 0)"));
        }
    }

    @Test
    void aRunWithNoFinishedEpochIsJudgedOnItsFinalEvaluations() {
        // a run that diverged in its first epoch: empty history, final evaluations of the initial weights
        RunRecord run = record(mlp32(), List.of(), finals(0.9, 0.875), "none");

        BiasVarianceReport r = BiasVariance.from(run, 0);

        assertThat(r.trainError()).isEqualTo(0.9);
        assertThat(r.devError()).isEqualTo(0.875);
        assertThat(r.verdict()).isEqualTo(Verdict.HIGH_BIAS);
        assertThat(r.recipe()).isNotEmpty();
    }

    @Test
    void anOverfitRunGetsAdviceWithItsOwnNumbers() {
        RunRecord run = record(mlp32(), falling(20, 12), finals(0.01, 0.11), "none", IMAGES, null);
        BiasVarianceReport r = BiasVariance.from(run, 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(r.verdict()).isEqualTo(Verdict.HIGH_VARIANCE);
        assertThat(r.recipe()).containsSubsequence(
                "Get more training data: the dev error is 10 points above the train error (this run trained on 1,078 examples).",
                "Augment the training images: augmentation is off in this run; try --augment shift=1,rotate=10"
                        + " (add flip only where a flipped image keeps its label).",
                "L2 is off (λ = 0): try --l2 0.1, then 1 and 10, choosing on the dev set.",
                "Dropout is off: add dropout after the hidden layers, e.g. --keep-prob 0.8 (0.5 for the largest).");
        // the same advice for a Java caller names the API
        BiasVarianceReport java = BiasVariance.from(run, 0, BiasVarianceThresholds.DEFAULT, Phrasing.JAVA_API);
        assertThat(java.recipe()).anySatisfy(s -> assertThat(s).contains("Augmentation.parse(\"shift=1,rotate=10\")"));
        assertThat(java.recipe()).anySatisfy(s -> assertThat(s).contains("LayerSpec.dropout(0.8)"));
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s)
                .contains("lowest at epoch 12 (8 %)").contains("ended at 16 % after epoch 20"));
    }

    @Test
    void aRegularizedOverfitRunIsToldToRegularizeMore() {
        NetworkSpec spec = new NetworkSpec(64, List.of(LayerSpec.dense(32, Activation.relu()), LayerSpec.dropout(0.8),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0.3, 0);
        BiasVarianceReport r = BiasVariance.from(record(spec, falling(20, 20), finals(0.01, 0.11), "flip", IMAGES, null), 0,
                BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(r.recipe()).contains("L2 is on (λ = 0.3): try a larger λ, e.g. --l2 0.9, choosing on the dev set.");
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).startsWith("Dropout keeps 0.8 of the units")
                .endsWith("e.g. --keep-prob 0.6."));
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).contains("this run used flip"));
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).contains("Early stopping would not have shortened this run"));
    }

    @Test
    void anUnderfitRunIsToldToTrainLongerOrChangeOptimizer() {
        NetworkSpec spec = mlp32().withL2(0.3);
        BiasVarianceReport stillFalling = BiasVariance.from(record(spec, falling(20, 20), finals(0.15, 0.16), "none"), 0,
                BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(stillFalling.verdict()).isEqualTo(Verdict.HIGH_BIAS);
        assertThat(stillFalling.recipe()).containsSubsequence(
                "Use a bigger network: the hidden layers have 32 units (2,410 parameters); try --layers 64, or one more hidden"
                        + " layer.",
                "Train longer: training ran 20 epochs and the train cost was still falling (0.6 → 0.5 over the last 5 epochs);"
                        + " try --epochs 40.",
                "Weaken the regularization, which adds bias: L2 λ = 0.3 is on; try a smaller λ, e.g. --l2 0.1, choosing on"
                        + " the dev set.");
        assertThat(stillFalling.notes()).anySatisfy(s -> assertThat(s).contains("optimal error of 0 %"));

        List<EpochLogs> flat = new ArrayList<>();
        for (int e = 1; e <= 20; e++) {
            flat.add(new EpochLogs(e, 0.5, 0.15, 0.6, 0.16, 0.5, 0.01, 0.1));
        }
        BiasVarianceReport levelled = BiasVariance.from(record(mlp32(), flat, finals(0.15, 0.16), "none"), 0,
                BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(levelled.recipe()).anySatisfy(s -> assertThat(s).contains("levelled off after 20 epochs")
                .contains("momentum or Adam instead of plain gradient descent (--optimizer adam)").contains("α = 0.01"));
    }

    // ---- each statement checked against what it describes ----

    @Test
    void rawInputsOfWidelyDifferentScalesHearStandardizeFirst() {
        InputProfile wide = new InputProfile(InputProfile.Kind.TABLE, "none", 1000, "area", 0.5, "smoothness");
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(20, 20), finals(0.15, 0.16), "none", wide, null),
                0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(r.verdict()).isEqualTo(Verdict.HIGH_BIAS);
        assertThat(r.recipe().get(0)).startsWith("Standardize the inputs first (--normalize standard)")
                .contains("about 2,000 times apart").contains("1000 for area against 0.5 for smoothness");
        assertThat(r.recipe().get(1)).contains("bigger network");
        // also before the variance steps
        BiasVarianceReport variance = BiasVariance.from(record(mlp32(), falling(20, 20), finals(0.01, 0.11), "none", wide,
                null), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(variance.recipe().get(0)).startsWith("Standardize the inputs first");

        // contradicting profiles: normalized inputs, or raw ones of similar scales, are not told to standardize
        for (InputProfile other : List.of(new InputProfile(InputProfile.Kind.TABLE, "standard", 1000, "area", 0.5, "s"),
                new InputProfile(InputProfile.Kind.TABLE, "none", 3, "a", 1, "b"),
                new InputProfile(InputProfile.Kind.TEXT, "none", Double.NaN, null, Double.NaN, null))) {
            BiasVarianceReport fine = BiasVariance.from(record(mlp32(), falling(20, 20), finals(0.15, 0.16), "none", other,
                    null), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
            assertThat(String.join("\n", fine.recipe())).as("%s", other).doesNotContain("Standardize");
        }
    }

    @Test
    void augmentationIsAdvisedOnlyForImages() {
        for (InputProfile notImages : List.of(new InputProfile(InputProfile.Kind.TABLE, "standard", 2, "a", 1, "b"),
                new InputProfile(InputProfile.Kind.TEXT, "none", Double.NaN, null, Double.NaN, null))) {
            BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(20, 12), finals(0.01, 0.11), "none",
                    notImages, null), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
            assertThat(r.verdict()).isEqualTo(Verdict.HIGH_VARIANCE);
            assertThat(String.join("\n", r.recipe())).as("%s", notImages.kind()).doesNotContainIgnoringCase("augment");
        }
        BiasVarianceReport images = BiasVariance.from(record(mlp32(), falling(20, 12), finals(0.01, 0.11), "none", IMAGES,
                null), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(images.recipe()).anySatisfy(s -> assertThat(s).contains("--augment shift=1,rotate=10"));
    }

    @Test
    void theCommandLineRecipeNamesFlagsNeverJava() {
        NetworkSpec spec = new NetworkSpec(64, List.of(LayerSpec.dense(32, Activation.relu()), LayerSpec.dropout(0.8),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0.3, 0);
        for (List<Evaluation> finals : List.of(finals(0.15, 0.30), finals(0.15, 0.16), finals(0.01, 0.11))) {
            String recipe = String.join("\n", BiasVariance.from(record(spec, falling(20, 12), finals, "none", IMAGES, null),
                    0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE).recipe());
            assertThat(recipe).doesNotContain("keepProb").doesNotContain(".parse(").doesNotContain("LayerSpec")
                    .doesNotContain("NetworkSpec").doesNotContain("new ").contains("--");
        }
        String generic = String.join("\n", BiasVariance.of(0.15, 0.30, 0, BiasVarianceThresholds.DEFAULT,
                Phrasing.COMMAND_LINE).recipe());
        assertThat(generic).contains("--l2 0.1").contains("--keep-prob 0.8").doesNotContain("keepProb");
    }

    @Test
    void aRisingTrainCostIsSaidToHaveRisenNotToHaveLevelledOff() {
        // the run: 0.256 → 0.33 over the last 5 epochs
        List<EpochLogs> rising = new ArrayList<>();
        for (int e = 1; e <= 20; e++) {
            double cost = e <= 15 ? 0.4 - 0.144 * (e - 1) / 14 : 0.256 + (0.33 - 0.256) * (e - 15) / 5;
            rising.add(new EpochLogs(e, cost, 0.15, cost + 0.1, 0.16, cost, 0.01, 0.1));
        }
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), rising, finals(0.15, 0.16), "none"), 0,
                BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        String recipe = String.join("\n", r.recipe());
        assertThat(recipe).doesNotContain("levelled off").doesNotContain("still falling")
                .contains("The train cost rose over the last epochs (0.256 → 0.33 over the last 5 epochs)")
                .contains("--lr 0.0033");
    }

    @Test
    void stoppingEarlyIsNotAdvisedToARunThatStoppedEarlyAndKeptItsBestEpoch() {
        // dev error lowest at epoch 12 of 17; early stopping (patience 5) stopped at 17 and restored epoch 12
        EarlyStopping.Report stopped = new EarlyStopping.Report("dev_error", 5, 1e-4, 12, 0.08, 17, true);
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(17, 12), finals(0.01, 0.11), "none", IMAGES,
                stopped), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        String recipe = String.join("\n", r.recipe());
        assertThat(recipe).doesNotContain("Stop early").doesNotContain("--early-stopping patience=5 stops")
                .contains("Early stopping was on (dev_error, patience 5) and kept the weights of epoch 12 (dev error 8 %),"
                        + " 5 epochs before training ended");
        // the same history without early stopping: stopping early is the advice
        BiasVarianceReport without = BiasVariance.from(record(mlp32(), falling(17, 12), finals(0.01, 0.11), "none", IMAGES,
                null), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(without.recipe()).anySatisfy(s -> assertThat(s).startsWith("Stop early")
                .contains("--early-stopping patience=5"));
    }

    @Test
    void trainingLongerAfterEarlyStoppingAsksForMorePatienceNotEpochsAlone() {
        // the train cost still falls, and early stopping ended the run at 17 of 20 epochs
        EarlyStopping.Report stopped = new EarlyStopping.Report("dev_error", 5, 1e-4, 12, 0.08, 17, true);
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(17, 12), finals(0.15, 0.16), "none", IMAGES,
                stopped), 0, BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(r.recipe()).anySatisfy(s -> assertThat(s).startsWith("Train longer: training ran 17 epochs")
                .contains("early stopping ended it before its 20 epochs").contains("--early-stopping patience=10"));
        // a run that ran all its epochs is not told about a stopping rule
        BiasVarianceReport ran = BiasVariance.from(record(mlp32(), falling(20, 20), finals(0.15, 0.16), "none"), 0,
                BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE);
        assertThat(String.join("\n", ran.recipe())).doesNotContain("early stopping ended");
    }

    @Test
    void aGoodRunWithATestEvaluationIsToldToReportIt() {
        List<Evaluation> evaluations = new ArrayList<>(finals(0.005, 0.01));
        evaluations.add(new Evaluation("test", 360, 0.05, 0.0125));
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(20, 20), evaluations, "none"), 0);
        assertThat(r.verdict()).isEqualTo(Verdict.LOW_BIAS_AND_VARIANCE);
        assertThat(r.recipe().get(0)).contains("test set was evaluated (error 1.25 % on 360 examples)");
    }

    @Test
    void withoutFinalEvaluationsTheLastEpochIsUsedAndSaid() {
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(20, 12), List.of(), "none"), 0);
        assertThat(r.trainError()).isEqualTo(0.01); // falling(…) ends at train 1 %, dev 16 %
        assertThat(r.devError()).isCloseTo(0.16, within(1e-15));
        assertThat(r.notes()).anySatisfy(s -> assertThat(s).contains("last epoch (20)"));
    }

    @Test
    void aRecordWithoutDevMeasurementsIsRefused() {
        List<EpochLogs> noDev = List.of(new EpochLogs(1, 0.5, 0.1, null, null, 0.5, 0.01, 0.1));
        RunRecord run = record(mlp32(), noDev, List.of(new Evaluation("train", 1078, 0.5, 0.1)), "none");
        assertThatThrownBy(() -> BiasVariance.from(run, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits")
                .hasMessageContaining("no dev measurements")
                .hasMessageContaining("train with a dev set");
    }

    @Test
    void aRegressionRecordIsRefused() {
        NetworkSpec regression = new NetworkSpec(64, List.of(LayerSpec.dense(1, Activation.identity())), Loss.meanSquaredError(), 0, 0);
        assertThatThrownBy(() -> BiasVariance.from(record(regression, falling(2, 2), finals(0.3, 0.4), "none"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss is mse");
    }

    // ---- notes ----

    @Test
    void aTrainErrorBelowTheOptimalIsANoteNotAFailure() {
        BiasVarianceReport r = BiasVariance.of(0.10, 0.12, 0.15);
        assertThat(r.avoidableBias()).isCloseTo(-0.05, within(1e-15));
        assertThat(r.verdict()).isEqualTo(Verdict.LOW_BIAS_AND_VARIANCE);
        assertThat(r.notes()).anySatisfy(s -> assertThat(s).contains("below the optimal error").contains("too high"));
        assertThat(BiasVariance.of(0.10, 0.08).notes()).anySatisfy(s -> assertThat(s).contains("dev error (8 %) is below"));
        assertThat(BiasVariance.of(0.01, 0.11).notes()).isEmpty();
    }

    @Test
    void aVerdictWithinSamplingNoiseOfTheThresholdIsFlagged() {
        List<Evaluation> small = List.of(new Evaluation("train", 100, 0.1, 0.02), new Evaluation("dev", 50, 0.2, 0.06));
        BiasVarianceReport r = BiasVariance.from(record(mlp32(), falling(2, 2), small, "none"), 0);
        // 1.96·sqrt(0.02·0.98/100 + 0.06·0.94/50) = 0.0713…: the 4-point gap is 1 point from the 5-point threshold
        assertThat(r.notes()).anySatisfy(s -> assertThat(s).contains("variance (4 points)").contains("±7.13 points")
                .contains("50 dev and 100 train examples").contains("5-point threshold").contains("not firm"));
        assertThat(BiasVariance.from(record(mlp32(), falling(2, 2), finals(0.01, 0.11), "none"), 0).notes()).isEmpty();
    }

    // ---- rendering ----

    @Test
    void formatShowsFiguresVerdictStepsAndNotes() {
        String text = BiasVariance.from(record(mlp32(), falling(20, 12), finals(0.01, 0.11), "none"), 0).format();
        assertThat(text).startsWith("Bias and variance: high variance (overfitting)\n")
                .contains("train error", "1 %", "dev error", "11 %", "optimal error", "0 %")
                .contains("variance", "10 points", "HIGH", "(high above 5 points)")
                .contains("  1. Get more training data")
                .doesNotContain("Notes:");
        assertThat(BiasVariance.of(0.10, 0.08).format()).contains("Notes:\n  - The dev error (8 %) is below");
    }

    // ---- validation ----

    @Test
    void errorsOutsideZeroOneAreRefusedByName() {
        assertThatThrownBy(() -> BiasVariance.of(-0.1, 0.1))
                .hasMessage("Invalid value for argument trainError: -0.1. Expected an error rate in [0, 1] (0.11 = 11 %).");
        assertThatThrownBy(() -> BiasVariance.of(0.1, 1.5)).hasMessageContaining("argument devError: 1.5.");
        assertThatThrownBy(() -> BiasVariance.of(0.1, 0.2, Double.NaN)).hasMessageContaining("argument optimalError: NaN.");
        assertThatThrownBy(() -> BiasVariance.of(Double.POSITIVE_INFINITY, 0.2)).hasMessageContaining("trainError: Infinity.");
    }

    @Test
    void thresholdsAreValidated() {
        assertThatThrownBy(() -> new BiasVarianceThresholds(-0.01, 0.05))
                .hasMessageStartingWith("Invalid value for argument bias: -0.01. Expected a threshold in [0, 1]");
        assertThatThrownBy(() -> new BiasVarianceThresholds(0.05, Double.NaN))
                .hasMessageStartingWith("Invalid value for argument variance: NaN.");
        assertThatThrownBy(() -> new BiasVarianceThresholds(0.05, 2)).hasMessageContaining("variance: 2.0.");
    }

    @Test
    void aReportWhoseGapsOrVerdictContradictItsErrorsIsRefused() {
        BiasVarianceThresholds t = BiasVarianceThresholds.DEFAULT;
        assertThatThrownBy(() -> new BiasVarianceReport(0.01, 0.11, 0, 0.5, 0.10, Verdict.HIGH_VARIANCE, t, List.of(), List.of()))
                .hasMessageContaining("avoidableBias 0.5");
        assertThatThrownBy(() -> new BiasVarianceReport(0.01, 0.11, 0, 0.01, 0.11 - 0.01, Verdict.HIGH_BIAS, t, List.of(), List.of()))
                .hasMessageContaining("Expected HIGH_VARIANCE");
        assertThatThrownBy(() -> BiasVariance.of(0.01, 0.11).recipe().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- fixtures ----

    private static NetworkSpec mlp32() {
        return NetworkSpec.mlp(64, new int[] {32}, 10, Activation.relu(), Loss.softmaxCrossEntropy());
    }

    /** Finals measured on 1,078 train and 359 dev examples. */
    private static List<Evaluation> finals(double train, double dev) {
        return List.of(new Evaluation("train", 1078, 0.1, train), new Evaluation("dev", 359, 0.4, dev));
    }

    /**
     * {@code epochs} epochs whose train cost falls by 0.02 per epoch (…, 0.6 five epochs before the end, 0.5 at
     * the end) and whose dev error is lowest (8 %) at {@code bestDev}, rising by 1 point per epoch after it;
     * the train error ends at 1 %.
     */
    private static List<EpochLogs> falling(int epochs, int bestDev) {
        List<EpochLogs> history = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double cost = 0.5 + 0.02 * (epochs - e);
            double dev = e <= bestDev ? 0.08 + 0.01 * (bestDev - e) : 0.08 + 0.01 * (e - bestDev);
            history.add(new EpochLogs(e, cost, 0.01 + 0.001 * (epochs - e), cost + 0.2, dev, cost, 0.01, 0.1));
        }
        return history;
    }

    private static final InputProfile IMAGES = new InputProfile(InputProfile.Kind.IMAGES, "standard", 120, "pixel 300",
            0.1, "pixel 0");

    private static RunRecord record(NetworkSpec spec, List<EpochLogs> history, List<Evaluation> evaluations,
                                    String augmentation) {
        return record(spec, history, evaluations, augmentation, null, null);
    }

    /** A record of 20 configured epochs; {@code inputs} and {@code stopping} may be null (unknown, none). */
    private static RunRecord record(NetworkSpec spec, List<EpochLogs> history, List<Evaluation> evaluations,
                                    String augmentation, InputProfile inputs, EarlyStopping.Report stopping) {
        TrainConfig config = new TrainConfig(20, 32, 0.01, 42, true);
        return RunRecord.builder().createdAt("2024-06-05T20:05:31Z")
                .setup(new RunRecord.Setup("digits", spec, "summary", 2410, "FLOAT32", config, "sgd", "java", null, null,
                        augmentation).withInputs(inputs))
                .training(new RunRecord.Training(stopping != null && stopping.stoppedEarly() ? TrainingOutcome.STOPPED_EARLY
                        : TrainingOutcome.COMPLETED, stopping != null && stopping.stoppedEarly() ? "early stopping: dev_error"
                        + " did not improve" : "completed " + history.size() + " epochs", history, stopping, 1.0))
                .result(new RunRecord.Result(evaluations, List.of()))
                .build();
    }

    private static int indexOf(List<String> steps, String phrase) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(phrase)) {
                return i;
            }
        }
        return -1;
    }
}
