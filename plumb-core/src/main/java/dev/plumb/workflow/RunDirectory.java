package dev.plumb.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelFileException;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The layout of a run directory, and its only writer and reader: {@code config.yaml} (every option, defaults
 * resolved — repeat the run with {@code plumb train --config}), {@code run.json} (the run record),
 * {@code analysis.json}, {@code history.csv}, {@code model/} and {@code report.html}. Every file is written
 * atomically.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String RUN_FILE = "run.json";
    public static final String ANALYSIS_FILE = "analysis.json";
    public static final String HISTORY_FILE = "history.csv";
    public static final String MODEL_DIR = "model";
    public static final String REPORT_FILE = "report.html";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public Path config() {
        return root.resolve(CONFIG_FILE);
    }

    public Path record() {
        return root.resolve(RUN_FILE);
    }

    public Path analysis() {
        return root.resolve(ANALYSIS_FILE);
    }

    public Path history() {
        return root.resolve(HISTORY_FILE);
    }

    public Path model() {
        return root.resolve(MODEL_DIR);
    }

    public Path report() {
        return root.resolve(REPORT_FILE);
    }

    /** Writes config.yaml, run.json, history.csv, analysis.json and model/ (the report is the caller's: it renders). */
    public void write(RunResult result) throws ModelFileException {
        AtomicFile.write(config(), ConfigFile.write(result.spec().toOptions()));
        AtomicFile.write(record(), result.record().toJson());
        AtomicFile.write(history(), historyCsv(result.record()));
        AtomicFile.write(analysis(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.analysis()));
        result.model().save(model());
    }

    /** Writes report.html. */
    public void writeReport(String html) throws ModelFileException {
        AtomicFile.write(report(), html);
    }

    /** Reads run.json; a missing or malformed file is an IllegalArgumentException that says what to pass instead. */
    public RunRecord readRecord() throws IOException {
        try {
            return RunRecord.read(record());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(record() + ": no run record here; pass a directory written by plumb train");
        }
    }

    /** Reads analysis.json, if the run wrote one. */
    public Optional<RunAnalysis> readAnalysis() throws IOException {
        Path file = analysis();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), RunAnalysis.class));
        } catch (JacksonException e) {
            throw new IOException(file + ": not a valid run analysis: " + e.getOriginalMessage(), e);
        }
    }

    /** The per-epoch history as CSV: epoch, costs, errors, learning rate, seconds. */
    public static String historyCsv(RunRecord record) {
        StringBuilder sb = new StringBuilder("epoch,train_cost,train_error,dev_cost,dev_error,mean_batch_cost,learning_rate,seconds\n");
        for (EpochLogs e : record.history()) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%.4f%n", e.epoch(), e.trainCost(), e.trainError(),
                    e.devCost() == null ? "" : e.devCost(), e.devError() == null ? "" : e.devError(), e.meanBatchCost(),
                    e.learningRate(), e.seconds()));
        }
        return sb.toString();
    }
}
