package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Normalizer;
import dev.plumb.data.Standardizer;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.train.Callback;
import dev.plumb.train.StopAt;
import dev.plumb.train.ChosenDefault;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Fine-tuning ({@code init-from}): the run starts from the saved model's architecture and weights, normalizes with its
 * normalizer (not one refitted on the new training part), refuses data that does not fit the model, and resumes bit
 * for bit like any run.
 */
class FineTuningTest {

    @TempDir
    static Path shared;

    /** A digits model trained for a few epochs (not converged: fine-tuning still has something to lower). */
    static Path digitsModel;
    static RunRecord digitsRecord;
    /** A model of two CSV columns x1, x2 (and an id left out), trained on data centred at 0. */
    static Path csvModel;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainModels() throws IOException {
        RunResult digits = run(Map.of("data", "digits", "layers", "32", "epochs", "4", "early-stopping", "off", "seed", "7"));
        digitsModel = shared.resolve("digits-model");
        digits.model().save(digitsModel);
        digitsRecord = digits.record();

        Path csv = shared.resolve("centred.csv");
        writeCsv(csv, List.of("id", "x1", "x2", "label"), 0, 0, 200, 1);
        csvModel = shared.resolve("csv-model");
        run(Map.of("data", csv.toString(), "label", "label", "drop-columns", "id", "layers", "4", "epochs", "5", "seed", "3"))
                .model().save(csvModel);
    }

    @Test
    void startsFromExactlyTheSavedWeightsAndCost() throws IOException {
        RunSpec spec = spec(Map.of("data", "digits", "init-from", digitsModel.toString(), "seed", "7", "epochs", "1",
                "optimizer", "sgd", "lr", "1e-12"));
        PreparedData data = TrainingRun.prepare(spec);
        ModelBundle saved = ModelBundle.load(digitsModel);
        Network start = TrainingRun.network(spec, data);
        assertThat(start.spec().layers()).isEqualTo(saved.network().spec().layers());
        for (Map.Entry<String, Parameter> e : saved.network().parameters().entrySet()) {
            assertThat(start.parameters().get(e.getKey()).value().toDoubleArray()).as(e.getKey())
                    .containsExactly(e.getValue().value().toDoubleArray());
        }

        // in the run's precision: float32 weights widen to float64 exactly
        RunSpec wide = spec(Map.of("data", "digits", "init-from", digitsModel.toString(), "seed", "7", "dtype", "float64"));
        Network widened = TrainingRun.network(wide, TrainingRun.prepare(wide));
        assertThat(widened.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(widened.parameters().get("W1").value().toDoubleArray())
                .containsExactly(saved.network().parameters().get("W1").value().toDoubleArray());

        RunRecord record = TrainingRun.train(spec, data, List.of()).record();
        EpochLogs first = record.history().get(0);
        Evaluation savedDev = digitsRecord.evaluation("dev").orElseThrow();
        Evaluation savedTrain = digitsRecord.evaluation("train").orElseThrow();
        // an epoch at a learning rate of 1e-12 leaves the saved model: its dev error and costs on the same split
        assertThat(first.devError()).isEqualTo(savedDev.error());
        assertThat(first.devCost()).isCloseTo(savedDev.cost(), within(1e-6));
        assertThat(first.trainCost()).isCloseTo(savedTrain.cost(), within(1e-6));
        assertThat(record.setup().initializedFrom()).isEqualTo(digitsModel.toAbsolutePath().normalize().toString());
        assertThat(record.setup().network().layers()).isEqualTo(saved.network().spec().layers());
    }

    @Test
    void aShortFineTuneLowersTheTrainCostFromTheModels() throws IOException {
        RunSpec spec = spec(Map.of("data", "digits", "init-from", digitsModel.toString(), "seed", "7", "epochs", "3",
                "early-stopping", "off"));
        RunResult result = TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());
        double start = digitsRecord.evaluation("train").orElseThrow().cost();
        assertThat(result.record().evaluation("train").orElseThrow().cost()).isLessThan(0.8 * start);
        // what it saves is a model like any other, again with the model's normalizer
        assertThat(result.model().normalizer().state()).isEqualTo(ModelBundle.load(digitsModel).normalizer().state());
    }

    @Test
    void inputsAreNormalizedWithTheModelsNormalizerNotOneRefitted() throws IOException {
        // new data far from the model's: x1 around 100, x2 around -50; columns in another order, an extra one
        Path shifted = dir.resolve("shifted.csv");
        writeCsv(shifted, List.of("x2", "label", "note", "x1"), 100, -50, 120, 2);
        RunSpec spec = spec(Map.of("data", shifted.toString(), "label", "label", "drop-columns", "note",
                "init-from", csvModel.toString(), "epochs", "2"));
        PreparedData data = TrainingRun.prepare(spec);
        ModelBundle model = ModelBundle.load(csvModel);

        assertThat(data.normalizer().state()).isEqualTo(model.normalizer().state());
        assertThat(data.normalizer().state()).isNotEqualTo(Standardizer.fit(data.raw().train()).state());
        // the model's columns, found by name: x1 (around 100) first
        assertThat(data.raw().train().featureNames()).containsExactly("x1", "x2");
        assertThat(mean(data.raw().train().features(), 0)).isCloseTo(100, within(2.0));
        Matrix expected = model.normalizer().transform(data.raw().train().features());
        assertThat(data.train().features().toDoubleArray()).containsExactly(expected.toDoubleArray());
        assertThat(mean(data.train().features(), 0)).isGreaterThan(20); // scaled by the old statistics: far from 0

        RunRecord record = TrainingRun.train(spec, data, List.of()).record();
        assertThat(record.setup().normalizer()).isEqualTo(model.normalizer().state());
        assertThat(record.setup().defaults()).filteredOn(d -> d.option().equals("normalize")).singleElement()
                .satisfies(d -> assertThat(d.value()).isEqualTo("standard"))
                .extracting(ChosenDefault::reason).asString().contains("not refitted").contains(csvModel.toString());
    }

    @Test
    void labelsAreMappedToTheModelsOutputsByClassName() throws IOException {
        Path three = dir.resolve("three-classes.csv"); // neg, pos, zero
        writeCsv(three, List.of("x1", "x2", "label"), 0, 0, 150, 6);
        Path model = dir.resolve("three-model");
        run(Map.of("data", three.toString(), "label", "label", "layers", "4", "epochs", "2")).model().save(model);
        // two of the model's classes: the file numbers pos 0 and zero 1, the model's outputs are 1 and 2
        Path two = dir.resolve("two.csv");
        String rows = Files.readString(three).lines().filter(line -> !line.endsWith(",neg")).reduce("", (x, y) -> x + y + "\n");
        Files.writeString(two, rows);
        PreparedData data = TrainingRun.prepare(spec(Map.of("data", two.toString(), "label", "label",
                "init-from", model.toString())));
        assertThat(data.classNames()).containsExactly("neg", "pos", "zero");
        assertThat(data.outputs()).isEqualTo(3);
        assertThat(data.train().labels()).contains(1, 2).doesNotContain(0);
        for (int i = 0; i < data.raw().train().size(); i++) {
            double sum = data.raw().train().features().get(i, 0) + data.raw().train().features().get(i, 1);
            assertThat(data.train().labels()[i]).as("row %d", i).isEqualTo(Math.abs(sum) < 0.5 ? 2 : 1);
        }
    }

    @Test
    void dataThatDoesNotFitTheModelIsRefusedInOneLine() throws IOException {
        Path threeClasses = dir.resolve("three.csv");
        writeCsv(threeClasses, List.of("x1", "x2", "label"), 0, 0, 90, 3);
        String classes = refusal(Map.of("data", threeClasses.toString(), "label", "label", "init-from", csvModel.toString()));
        assertThat(classes).contains("[neg, pos, zero]").contains("[neg, pos]").contains("without --init-from");

        String features = refusal(Map.of("data", "digits", "init-from", csvModel.toString()));
        assertThat(features).contains("64 features").contains("takes 2");

        Path missingColumn = dir.resolve("no-x2.csv");
        writeCsv(missingColumn, List.of("x1", "x3", "label"), 0, 0, 60, 4);
        assertThatThrownBy(() -> TrainingRun.prepare(spec(Map.of("data", missingColumn.toString(), "label", "label",
                "init-from", csvModel.toString())))).hasMessageContaining("x2");

        String task = refusal(Map.of("data", "digits", "task", "regression", "init-from", digitsModel.toString()));
        assertThat(task).contains("classifier").contains("--task classification");

        String noModel = refusal(Map.of("data", "digits", "init-from", dir.resolve("nothing").toString()));
        assertThat(noModel).contains("init-from").contains("nothing");
    }

    @Test
    void textIsVectorizedWithTheModelsVocabularyAndTextAndNumbersAreNotMixed() throws IOException {
        Path mail = DataDrivenDefaultsTest.textFolder(dir.resolve("mail"));
        Path textModel = dir.resolve("text-model");
        run(Map.of("data", mail.toString(), "layers", "8", "epochs", "3")).model().save(textModel);
        ModelBundle model = ModelBundle.load(textModel);

        Path more = DataDrivenDefaultsTest.textFolder(dir.resolve("more-mail"));
        for (int i = 0; i < 30; i++) { // words the model never saw: a vectorizer fitted on this data would add them
            Files.writeString(more.resolve("spam").resolve("new" + i + ".txt"), "lottery jackpot winner lottery " + i);
        }
        RunSpec spec = spec(Map.of("data", more.toString(), "init-from", textModel.toString(), "epochs", "2"));
        PreparedData data = TrainingRun.prepare(spec);
        assertThat(data.vectorizer().state()).isEqualTo(model.vectorizer().state());
        assertThat(data.vectorizer().state().vocabulary()).doesNotContain("lottery");
        assertThat(data.normalizer()).isNull(); // the model takes TF-IDF rows as they are
        RunResult result = TrainingRun.train(spec, data, List.of());
        assertThat(result.record().setup().defaults()).filteredOn(d -> d.option().equals("normalize")).singleElement()
                .satisfies(d -> assertThat(d.value()).isEqualTo("none"))
                .extracting(ChosenDefault::reason).asString().contains("as they are");
        assertThat(result.model().vectorizer().state()).isEqualTo(model.vectorizer().state());

        assertThat(refusal(Map.of("data", more.toString(), "init-from", digitsModel.toString()))).contains("not trained on text");
        assertThat(refusal(Map.of("data", "digits", "init-from", textModel.toString()))).contains("was trained on text").contains("a folder of texts");
    }

    @Test
    void aSpecBuiltInJavaWithAnotherNormalizerIsRefusedAndTheResolvedOneAccepted() throws IOException {
        RunSpec spec = spec(Map.of("data", "digits", "init-from", digitsModel.toString(), "seed", "7", "epochs", "1"));
        assertThatThrownBy(() -> TrainingRun.prepare(spec.withData(spec.data().withNormalize(Normalizer.Kind.MINMAX))))
                .hasMessageContaining("normalize beside init-from").hasMessageContaining("not minmax");
        RunSpec resolved = TrainingRun.defaults(spec, TrainingRun.prepare(spec)).spec();
        assertThat(resolved.data().normalize().given()).contains(Normalizer.Kind.STANDARD);
        assertThat(TrainingRun.prepare(resolved).normalizer().state()).isEqualTo(ModelBundle.load(digitsModel).normalizer().state());
    }

    @Test
    void aResumedFineTuneEndsBitForBitAsAnUninterruptedOne() throws IOException {
        Map<String, String> options = Map.of("data", "digits", "init-from", digitsModel.toString(), "seed", "11",
                "epochs", "4", "keep-prob", "0.9", "l2", "0.1");
        RunDirectory whole = new RunDirectory(dir.resolve("whole"));
        runIn(whole, spec(options), List.of());

        RunDirectory cut = new RunDirectory(dir.resolve("cut"));
        RunResult stopped = runIn(cut, spec(options), List.of(new StopAt(3, 5)));
        assertThat(stopped.record().outcome()).isEqualTo(TrainingOutcome.INTERRUPTED);
        assertThat(Files.readString(cut.config())).contains("init-from: \"" + digitsModel.toAbsolutePath().normalize() + "\"");

        RunSpec again = cut.readSpec(); // as --resume: every option from config.yaml
        PreparedData data = TrainingRun.prepare(again);
        cut.requireSamePreparation(data);
        RunResult resumed = TrainingRun.train(again, data, List.of(), cut.checkpoints());
        cut.write(resumed);

        assertThat(Files.readAllBytes(cut.model().resolve(ModelBundle.WEIGHTS_FILE)))
                .isEqualTo(Files.readAllBytes(whole.model().resolve(ModelBundle.WEIGHTS_FILE)));
        assertThat(resumed.record().setup().initializedFrom()).isEqualTo(whole.readRecord().setup().initializedFrom());
    }

    // ---- helpers ----

    private static RunResult runIn(RunDirectory directory, RunSpec spec, List<Callback> callbacks) throws IOException {
        PreparedData data = TrainingRun.prepare(spec);
        Files.createDirectories(directory.root()); // plumb train's lock creates it
        directory.begin(spec, data, false);
        RunResult result = TrainingRun.train(spec, data, callbacks, directory.checkpoints());
        directory.write(result);
        return result;
    }

    private static RunResult run(Map<String, String> options) throws IOException {
        RunSpec spec = spec(options);
        return TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());
    }

    private static RunSpec spec(Map<String, String> options) {
        return RunSpec.parse(new HashMap<>(options));
    }

    private static String refusal(Map<String, String> options) {
        try {
            TrainingRun.prepare(spec(options));
        } catch (IllegalArgumentException | IOException e) {
            assertThat(e.getMessage().lines()).as(e.getMessage()).hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + options);
    }

    private static double mean(Matrix m, int column) {
        double sum = 0;
        for (int r = 0; r < m.rows(); r++) {
            sum += m.get(r, column);
        }
        return sum / m.rows();
    }

    /**
     * Rows of x1 ≈ N(shift1, 1), x2 ≈ N(shift2, 1), labelled pos/neg by the side of the line through the centre ("zero"
     * near it when {@code columns} ask for three classes via the label of a 3-class file); other columns are filler.
     */
    private static void writeCsv(Path file, List<String> columns, double shift1, double shift2, int rows, long seed)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        boolean threeClasses = file.getFileName().toString().startsWith("three");
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (int i = 0; i < rows; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            String label = threeClasses && Math.abs(a + b) < 0.5 ? "zero" : a + b > 0 ? "pos" : "neg";
            StringBuilder row = new StringBuilder();
            for (String c : columns) {
                row.append(row.length() == 0 ? "" : ",").append(switch (c) {
                    case "x1" -> String.valueOf(shift1 + a);
                    case "x2" -> String.valueOf(shift2 + b);
                    case "label" -> label;
                    default -> String.valueOf(i);
                });
            }
            sb.append(row).append('\n');
        }
        Files.writeString(file, sb);
    }

}
