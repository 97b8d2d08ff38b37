package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunRecordTest {

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 4, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());

    /** A record with every part filled, as plumb train writes it: early stopping, split manifest, normalizer, test. */
    private static RunRecord fullRecord() {
        Dataset train = STANDARDIZER.transform(PARTS.train());
        Network network = NetworkSpec.mlp(64, new int[] {12}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .withL2(0.5).build(DType.FLOAT32, 4);
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_ERROR, 1, 0);
        RunRecord run = new Trainer(new TrainConfig(3, 64, 0.01, 4, true), new Adam(), List.of(stopping))
                .fit(network, train, STANDARDIZER.transform(PARTS.dev()));
        return run.withData(PARTS.manifest(), STANDARDIZER.state())
                .withEvaluation(Trainer.evaluate("test", network, STANDARDIZER.transform(PARTS.test()), train.size()));
    }

    @Test
    void aFullRecordSurvivesAJsonRoundTrip() {
        RunRecord run = fullRecord();
        assertThat(run.setup().split()).isNotNull();
        assertThat(run.setup().normalizer()).isNotNull();
        assertThat(run.training().earlyStopping()).isNotNull();
        assertThat(run.result().weights()).isNotEmpty();

        RunRecord back = RunRecord.fromJson(run.toJson());

        assertThat(back).isEqualTo(run);
        assertThat(back.toJson()).isEqualTo(run.toJson());
    }

    @Test
    void theInputProfileAndTheEpochsAfterTheBestRoundTripAndOlderRecordsReadWithout() {
        InputProfile profile = new InputProfile(InputProfile.Kind.TABLE, "none", 812.5, "area", 0.0071, "smoothness");
        RunRecord run = fullRecord().withInputs(profile);
        RunRecord back = RunRecord.fromJson(run.toJson());
        assertThat(back.setup().inputs()).isEqualTo(profile);
        var tree = (tools.jackson.databind.node.ObjectNode) JsonMapper.builder().build().readTree(run.toJson());
        EarlyStopping.Report stopping = run.training().earlyStopping();
        assertThat(tree.get("training").get("earlyStopping").get("epochsAfterBest").intValue())
                .isEqualTo(stopping.stoppedEpoch() - stopping.bestEpoch());
        ((tools.jackson.databind.node.ObjectNode) tree.get("setup")).remove("inputs");
        ((tools.jackson.databind.node.ObjectNode) tree.get("training").get("earlyStopping")).remove("epochsAfterBest");
        RunRecord old = RunRecord.fromJson(tree.toString());
        assertThat(old.setup().inputs()).isNull();
        assertThat(old.training().earlyStopping()).isEqualTo(run.training().earlyStopping());
    }

    @Test
    void theDefaultsChosenFromTheDataRoundTripAndARecordWrittenBeforeThemReadsAsNone() {
        List<ChosenDefault> chosen = List.of(new ChosenDefault("epochs", "667", "about 2,000 optimizer steps"),
                new ChosenDefault("normalize", "none", "text features"));
        RunRecord run = fullRecord().withDefaults(chosen);
        assertThat(RunRecord.fromJson(run.toJson()).setup().defaults()).isEqualTo(chosen);
        var tree = (tools.jackson.databind.node.ObjectNode) JsonMapper.builder().build().readTree(run.toJson());
        ((tools.jackson.databind.node.ObjectNode) tree.get("setup")).remove("defaults");
        assertThat(tree.toString()).doesNotContain("\"defaults\"");
        assertThat(RunRecord.fromJson(tree.toString()).setup().defaults()).isEmpty();
    }

    @Test
    void theJsonHasTheThreePartsAndNothingDerived() {
        JsonNode tree = JsonMapper.builder().build().readTree(fullRecord().toJson());
        assertThat(tree.propertyNames()).containsExactly("formatVersion", "plumbVersion", "createdAt", "setup",
                "training", "result");
        assertThat(tree.get("formatVersion").intValue()).isEqualTo(2);
        assertThat(tree.get("setup").propertyNames()).containsExactly("dataset", "network", "networkSummary",
                "parameterCount", "dtype", "config", "optimizer", "blas", "split", "normalizer", "augmentation", "defaults",
                "initializedFrom", "engine", "inputs");
        assertThat(tree.get("training").propertyNames()).containsExactly("outcome", "stopReason", "history",
                "earlyStopping", "seconds", "initialCost");
        assertThat(tree.get("result").propertyNames()).containsExactly("evaluations", "weights");
        assertThat(tree.get("training").get("outcome").stringValue()).isIn("COMPLETED", "STOPPED_EARLY");
    }

    @Test
    void aRecordWrittenByTheFlatFormatOneIsRefusedWithWhatToDo() throws IOException {
        String v1 = formatOneRecord();

        assertThatThrownBy(() -> RunRecord.fromJson(v1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The run record was written by an older Plumb (run record format 1; this Plumb 0.1.0 reads"
                        + " format 2). Train the run again to write a current record: plumb train --config"
                        + " DIR/config.yaml (DIR: the run directory)")
                .hasNoCause();
    }

    @Test
    void readingAFormatOneFileNamesTheFileAndItsRunDirectory(@TempDir Path dir) throws IOException {
        Path run = Files.createDirectories(dir.resolve("digits-20261129"));
        Path file = Files.writeString(run.resolve("run.json"), formatOneRecord());

        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " was written by an older Plumb (run record format 1")
                .hasMessageEndingWith("plumb train --config " + run + "/config.yaml");
    }

    @Test
    void anEmptyRunJsonIsNamedAsEmptyWithWhatToDo(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Path file = Files.createDirectories(run).resolve("run.json");
        Files.write(file, new byte[0]);

        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": is empty (0 bytes), not a run record; the run was interrupted before it wrote its"
                        + " record, or the file was truncated — train the run again: plumb train --config "
                        + run.toAbsolutePath().resolve("config.yaml"));
        Files.writeString(file, "  \n");
        assertThatThrownBy(() -> RunRecord.read(file)).hasMessageStartingWith(file + ": is empty (3 bytes)");
        assertThatThrownBy(() -> RunRecord.fromJson("")).hasMessageStartingWith("The run record: is empty");
    }

    @Test
    void aRunJsonThatIsNotUtf8NamesTheFileAndTheOffset(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.json");
        // "{\n  \"x\" : \"caf\u00e9\"" in Latin-1: the 0xE9 is byte 14, on line 2
        Files.write(file, "{\n  \"x\" : \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": not UTF-8 text (byte offset 14): the byte 0xE9 on line 2 cannot be"
                        + " read as UTF-8");
    }

    @Test
    void aRunJsonThatCannotBeReadIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.createDirectory(dir.resolve("run.json"));

        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": cannot read the run record: ");
        assertThatThrownBy(() -> RunRecord.read(dir.resolve("missing.json")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void aRecordFromANewerPlumbAndMalformedJsonAreRefusedByName() {
        String newer = fullRecord().toJson().replaceFirst("\"formatVersion\" : 2", "\"formatVersion\" : 3");
        assertThatThrownBy(() -> RunRecord.fromJson(newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newer Plumb (run record format 3")
                .hasMessageContaining("Read it with a newer Plumb");
        assertThatThrownBy(() -> RunRecord.fromJson("{\"formatVersion\" : 2, \"setup\" : "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The run record: invalid run record JSON: ");
        assertThatThrownBy(() -> RunRecord.fromJson("[1, 2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The run record: invalid run record JSON: expected an object, got array");
        assertThatThrownBy(() -> RunRecord.fromJson("{\"plumbVersion\" : \"0.1.0\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no formatVersion number");
        String noTraining = fullRecord().toJson().replaceFirst("\"training\" :", "\"trainingX\" :");
        assertThatThrownBy(() -> RunRecord.fromJson(noTraining))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid run record JSON")
                .hasMessageContaining("training");
    }

    @Test
    void withEvaluationReplacesOneSplitAndWithDataChangesOnlyTheSetup() {
        RunRecord run = fullRecord();
        Evaluation other = new Evaluation("test", 7, 0.25, 0.5);

        RunRecord replaced = run.withEvaluation(other);

        assertThat(replaced.evaluation("test")).contains(other);
        assertThat(replaced.result().evaluations()).hasSize(run.result().evaluations().size());
        assertThat(replaced.evaluation("train")).isEqualTo(run.evaluation("train"));
        assertThat(replaced.setup()).isEqualTo(run.setup());
        assertThat(replaced.training()).isEqualTo(run.training());

        RunRecord raw = run.withData(null, null);
        assertThat(raw.setup().split()).isNull();
        assertThat(raw.setup().normalizer()).isNull();
        assertThat(raw.setup().config()).isEqualTo(run.setup().config());
        assertThat(raw.training()).isEqualTo(run.training());
        assertThat(raw.result()).isEqualTo(run.result());
        assertThat(raw.createdAt()).isEqualTo(run.createdAt());
    }

    @Test
    void theBuilderNamesAPartLeftUnset() {
        RunRecord run = fullRecord();
        assertThatThrownBy(() -> RunRecord.builder().createdAt("2026-01-01T00:00:00Z").setup(run.setup())
                .result(run.result()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training is not set");
        assertThat(run.toBuilder().build()).isEqualTo(run);
        assertThat(RunRecord.builder().createdAt(run.createdAt()).setup(run.setup()).training(run.training())
                .result(run.result()).build()).isEqualTo(run);
    }

    @Test
    void theBestEpochIsEarlyStoppingsOrTheLastFinished() {
        List<EpochLogs> three = List.of(logs(1), logs(2), logs(3));
        EarlyStopping.Report best2 = new EarlyStopping.Report("dev_cost", 1, 0, 2, 0.3, 3, false);
        EarlyStopping.Report none = new EarlyStopping.Report("dev_cost", 1, 0, 0, Double.NaN, 0, false);

        assertThat(new RunRecord.Training(TrainingOutcome.COMPLETED, "done", three, best2, 1).bestEpoch()).isEqualTo(2);
        assertThat(new RunRecord.Training(TrainingOutcome.COMPLETED, "done", three, null, 1).bestEpoch()).isEqualTo(3);
        assertThat(new RunRecord.Training(TrainingOutcome.DIVERGED, "nan", List.of(), none, 1).bestEpoch()).isZero();
    }

    private static EpochLogs logs(int epoch) {
        return new EpochLogs(epoch, 1.0 / epoch, 0.1, 1.0, 0.2, 1.0, 0.01, 0.5);
    }

    /** run.json of `plumb train --data digits --layers 8 --epochs 2`, written by Plumb before format 2. */
    private static String formatOneRecord() throws IOException {
        try (InputStream in = RunRecordTest.class.getResourceAsStream("run-format-1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
