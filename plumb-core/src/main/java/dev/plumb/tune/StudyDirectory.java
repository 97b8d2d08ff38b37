package dev.plumb.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelFileException;
import dev.plumb.io.Utf8Text;
import dev.plumb.workflow.RunDirectory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A study's directory: {@code study.json} (the {@link StudyRecord}, rewritten after every trial), {@code trials.csv}
 * (one row per trial), {@code study.html} (rendered by the caller) and one run directory per trial,
 * {@code trial-001/}, …, each as {@code plumb train} writes it (without a test evaluation: the study looks at the
 * test set once, at the end).
 */
public record StudyDirectory(Path root) {

    public static final String STUDY_FILE = "study.json";
    public static final String TRIALS_FILE = "trials.csv";
    public static final String REPORT_FILE = "study.html";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public Path study() {
        return root.resolve(STUDY_FILE);
    }

    public Path trialsCsv() {
        return root.resolve(TRIALS_FILE);
    }

    public Path report() {
        return root.resolve(REPORT_FILE);
    }

    /** The run directory of trial {@code id}. */
    public RunDirectory trial(int id) {
        return new RunDirectory(root.resolve(String.format(Locale.ROOT, "trial-%03d", id)));
    }

    /** Whether a study was started here. */
    public boolean holdsStudy() {
        return Files.exists(study());
    }

    /** Takes the directory for one study at a time (see {@link RunDirectory#lock()}). */
    public RunDirectory.Lock lock() throws IOException {
        return new RunDirectory(root).lock("plumb tune");
    }

    /** Writes study.json and trials.csv, each atomically. */
    public void write(StudyRecord record) throws ModelFileException {
        AtomicFile.write(study(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
        AtomicFile.write(trialsCsv(), trialsCsv(record));
    }

    /** Writes study.html. */
    public void writeReport(String html) throws ModelFileException {
        AtomicFile.write(report(), html);
    }

    /** Reads study.json; a missing or malformed file is an IllegalArgumentException saying what to pass instead. */
    public StudyRecord read() throws IOException {
        if (!Files.exists(study())) {
            throw new IllegalArgumentException("Cannot resume " + root + ": it has no " + STUDY_FILE
                    + "; pass a directory that plumb tune wrote");
        }
        String text;
        try {
            text = Utf8Text.decode(Files.readAllBytes(study()));
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new IOException(study() + ": not a valid study record: " + e.getMessage(), e);
        }
        try {
            StudyRecord record = JSON.readValue(text, StudyRecord.class);
            if (record.formatVersion() != StudyRecord.FORMAT_VERSION) {
                throw new IllegalArgumentException(study() + ": format version " + record.formatVersion() + " is not "
                        + StudyRecord.FORMAT_VERSION + "; it was written by another version of Plumb");
            }
            return record;
        } catch (JacksonException e) {
            throw new IOException(study() + ": not a valid study record: " + e.getOriginalMessage(), e);
        } catch (NullPointerException e) {
            throw new IOException(study() + ": not a valid study record: a required field is missing", e);
        }
    }

    /** One row per trial: its values, errors, verdict, epochs, seconds and state. */
    static String trialsCsv(StudyRecord record) {
        List<String> keys = record.trials().stream().flatMap(t -> t.values().keySet().stream()).distinct().sorted().toList();
        StringBuilder out = new StringBuilder("trial,origin,");
        keys.forEach(k -> out.append(k).append(','));
        out.append("state,epochs_trained,train_error,dev_error,verdict,avoidable_bias,variance,seconds,pruned\n");
        for (TrialResult t : record.trials()) {
            out.append(t.id()).append(',').append(csv(t.origin())).append(',');
            for (String k : keys) {
                out.append(csv(t.values().getOrDefault(k, ""))).append(',');
            }
            out.append(t.state().name().toLowerCase(Locale.ROOT)).append(',').append(t.epochs()).append(',')
                    .append(t.trainError()).append(',').append(t.devError()).append(',').append(csv(t.verdict())).append(',')
                    .append(t.avoidableBias()).append(',').append(t.variance()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", t.seconds())).append(',')
                    .append(t.state() == TrialResult.TrialState.PRUNED).append('\n');
        }
        return out.toString();
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
