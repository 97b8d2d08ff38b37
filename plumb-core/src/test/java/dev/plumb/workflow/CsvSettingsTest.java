package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.io.DataFileException;
import dev.plumb.train.RunRecord;

/**
 * The CSV options of a run (delimiter, columns, drop-columns, allow-missing): parsed once with errors naming the option,
 * and used by {@link DataSource} when training and when a saved model reads new data. References are the values the
 * tests write into their files.
 */
class CsvSettingsTest {

    @TempDir
    Path dir;

    // 12 rows, two classes; row i has a = i, b = 10·i, so a part's rows name the written ones
    private Path write(String name, String delimiter, String header, int missingAtRow) throws IOException {
        StringBuilder sb = new StringBuilder(header.replace(",", delimiter)).append('\n');
        for (int i = 0; i < 12; i++) {
            String a = i == missingAtRow ? "" : i + ".5";
            sb.append(String.join(delimiter, "id-" + i, a, (10 * i) + ".25", i % 2 == 0 ? "even" : "odd")).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    private static RunSpec spec(Path data, String... options) {
        Map<String, String> given = new HashMap<>(Map.of("data", data.toString(), "label", "parity", "split", "0.5,0.25,0.25"));
        for (int i = 0; i < options.length; i += 2) {
            given.put(options[i], options[i + 1]);
        }
        return RunSpec.parse(given);
    }

    @Test
    void aSemicolonFileWithDecimalPointsReadsWithItsDelimiterAndAnIdColumnDropped() throws Exception {
        Path file = write("export.csv", ";", "id,a,b,parity", -1);

        PreparedData data = TrainingRun.prepare(spec(file, "delimiter", ";", "drop-columns", "id"));

        assertThat(data.raw().train().featureNames()).containsExactly("a", "b");
        assertThat(data.raw().train().size() + data.raw().dev().size() + data.raw().test().size()).isEqualTo(12);
        Dataset train = data.raw().train();
        for (int r = 0; r < train.size(); r++) { // every row is one the file holds: b = 10·a − 4.75 (a = i + .5)
            double a = train.features().get(r, 0);
            assertThat(train.features().get(r, 1)).isEqualTo(10 * (a - 0.5) + 0.25, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(train.classNames().get(train.labels()[r])).isEqualTo(((int) a) % 2 == 0 ? "even" : "odd");
        }
    }

    @Test
    void withoutTheDelimiterTheSemicolonFileIsRefusedWithTheFlagToPass() throws Exception {
        Path file = write("export.csv", ";", "id,a,b,parity", -1);

        assertThatThrownBy(() -> TrainingRun.prepare(spec(file))).isInstanceOf(DataFileException.class)
                .hasMessageContaining("the header has only 1 column").hasMessageEndingWith("read it with --delimiter ';'");
    }

    @Test
    void aTabFileReadsWithDelimiterTabAndColumnsByIndex() throws Exception {
        Path file = write("data.tsv", "\t", "id,a,b,parity", -1);

        PreparedData data = TrainingRun.prepare(spec(file, "delimiter", "tab", "columns", "2,1"));

        assertThat(data.raw().train().featureNames()).containsExactly("b", "a");
        assertThat(data.raw().manifest().rowsDropped()).isZero();
    }

    @Test
    void aMissingValueIsRefusedByDefaultAndDroppedAndCountedWithAllowMissing() throws Exception {
        Path file = write("holes.csv", ",", "id,a,b,parity", 5);

        assertThatThrownBy(() -> TrainingRun.prepare(spec(file, "drop-columns", "id")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 7: column 'a' is empty; fill it in, or pass --allow-missing to drop rows with "
                        + "a missing value");

        PreparedData data = TrainingRun.prepare(spec(file, "drop-columns", "id", "allow-missing", "true"));

        assertThat(data.raw().manifest().rowsDropped()).isEqualTo(1);
        assertThat(data.raw().train().size() + data.raw().dev().size() + data.raw().test().size()).isEqualTo(11);
        assertThat(data.description()).contains("1 row with a missing value dropped (--allow-missing)");
    }

    @Test
    void theDroppedCountTravelsInTheRunRecordAndAnOlderRecordWithoutItReadsAsNone() throws Exception {
        Path file = write("holes.csv", ",", "id,a,b,parity", 5);
        RunSpec spec = spec(file, "drop-columns", "id", "allow-missing", "true", "epochs", "1", "layers", "2");
        RunResult result = TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());

        String json = result.record().toJson();
        assertThat(RunRecord.fromJson(json).setup().split().rowsDropped()).isEqualTo(1);
        String older = json.replaceAll(",\\s*\"rowsDropped\"\\s*:\\s*1", "");
        assertThat(older).doesNotContain("rowsDropped");
        assertThat(RunRecord.fromJson(older).setup().split().rowsDropped()).isZero();
    }

    @Test
    void aModelTrainedWithoutTheIdColumnReadsAFileWithItByItsFeatureNames() throws Exception {
        Path file = write("train.csv", ";", "id,a,b,parity", -1);
        RunSpec spec = spec(file, "delimiter", ";", "drop-columns", "id", "epochs", "1", "layers", "2");
        RunResult result = TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());
        // new data: the same columns in another order, still with the id column
        Path fresh = Files.writeString(dir.resolve("new.csv"), "b;id;a\n20.25;x;2.5\n30.25;y;3.5\n");

        Dataset read = DataSource.loadWhole(fresh.toString(), "", new ImageShape(28, 28, 1),
                CsvSettings.parse(Map.of("delimiter", ";")), result.model(), false);

        assertThat(read.featureNames()).containsExactly("a", "b");
        assertThat(read.features().get(0, 0)).isEqualTo(2.5);
        assertThat(read.features().get(1, 1)).isEqualTo(30.25);
    }

    @Test
    void theOptionsAreParsedOnceWithErrorsNamingTheOption() {
        assertThat(CsvSettings.parse(Map.of()).delimiter()).isEqualTo(',');
        assertThat(CsvSettings.parse(Map.of("delimiter", "tab")).delimiter()).isEqualTo('\t');
        assertThat(CsvSettings.parse(Map.of("delimiter", "\t")).delimiter()).isEqualTo('\t');
        assertThat(CsvSettings.parse(Map.of("delimiter", "\\t")).delimiter()).isEqualTo('\t');
        assertThat(CsvSettings.parse(Map.of("delimiter", ";")).delimiter()).isEqualTo(';');
        assertThat(CsvSettings.parse(Map.of("columns", " a , 3 ")).columns()).containsExactly("a", "3");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("delimiter", ";;")))
                .hasMessage("Invalid value for option delimiter: ';;'. Expected a single character, e.g. ',' or ';', or tab.");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("delimiter", "\"")))
                .hasMessageStartingWith("Invalid value for option delimiter: '\"'.");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("columns", "a,,b")))
                .hasMessageStartingWith("Invalid value for option columns: 'a,,b'. Expected comma-separated column names");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("drop-columns", "id,id")))
                .hasMessage("Invalid value for option drop-columns: 'id,id'. Expected each column once; 'id' is listed twice.");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("columns", "a", "drop-columns", "id")))
                .hasMessage("Invalid options columns a and drop-columns id: give the columns to use (--columns) or the "
                        + "columns to leave out (--drop-columns), not both.");
        assertThatThrownBy(() -> CsvSettings.parse(Map.of("allow-missing", "sometimes")))
                .hasMessage("Invalid value for option allow-missing: 'sometimes'. Expected true or false.");
    }
}
