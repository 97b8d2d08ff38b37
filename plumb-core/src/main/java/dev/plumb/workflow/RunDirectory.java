package dev.plumb.workflow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelFileException;
import dev.plumb.train.CheckpointFile;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The layout of a run directory, and its only writer and reader: {@code config.yaml} (every option, defaults
 * resolved — repeat the run with {@code plumb train --config}), {@code preparation.json} (the split manifest and
 * the normalizer), {@code checkpoint.safetensors} (the state after the last finished epoch), and when training ends
 * {@code run.json} (the run record), {@code analysis.json}, {@code history.csv}, {@code model/} and
 * {@code report.html}. Every file is written atomically, and one process at a time writes a directory
 * ({@link #lock}).
 *
 * <p>What survives a crash: config.yaml and preparation.json exist before the first epoch, and the checkpoint after
 * each finished epoch is complete or absent, never half-written; {@code plumb train --resume DIR} continues from it
 * and ends with the weights and history an uninterrupted run would have had.
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
    public static final String PREPARATION_FILE = "preparation.json";
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";
    static final String LOCK_FILE = ".lock";

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

    public Path preparation() {
        return root.resolve(PREPARATION_FILE);
    }

    /** Where training keeps its state after every finished epoch. */
    public CheckpointFile checkpoints() {
        return new CheckpointFile(root.resolve(CHECKPOINT_FILE));
    }

    /**
     * Takes this directory for one writer, creating it if needed; released by closing (or by the process ending, even
     * by kill -9). A directory that is a file, cannot be created or written, or is locked by another run is refused
     * with one line saying so and what to do.
     */
    public Lock lock() throws IOException {
        return lock("plumb train");
    }

    /** As {@link #lock()}, naming {@code holder} ("plumb tune") as the one that holds the directory. */
    public Lock lock(String holder) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("Invalid run directory " + root + ": it is a file; choose another --out");
        }
        boolean created = !Files.exists(root);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid run directory " + root + ": cannot create it (" + e.getMessage()
                    + "); choose a writable --out");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid run directory " + root + ": cannot write in it (" + e.getMessage()
                    + "); choose a writable --out");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException("Run directory " + root + " is in use by another " + holder + "; wait for it "
                    + "to finish or choose another --out");
        }
        return new Lock(channel, lock, created ? root : null);
    }

    /** The lock of a run directory: one writer at a time. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        /** The directory this lock created, or null: removed again on close if the lock file is all it holds. */
        private final Path created;

        private Lock(FileChannel channel, FileLock lock, Path created) {
            this.channel = channel;
            this.lock = lock;
            this.created = created;
        }

        /**
         * Releases the directory. A directory the lock created and nothing else wrote in — a command that failed
         * before its run began, say on a missing data file — is removed, so a failure leaves no empty run behind.
         */
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
            if (created != null) {
                removeIfOnlyTheLock(created);
            }
        }

        private static void removeIfOnlyTheLock(Path dir) {
            try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
                if (entries.allMatch(p -> p.getFileName().toString().equals(LOCK_FILE))) {
                    Files.deleteIfExists(dir.resolve(LOCK_FILE));
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                // best effort: an empty directory left behind is untidy, not wrong
            }
        }
    }

    /** True when this directory holds (part of) a run: its configuration, a checkpoint or a record. */
    public boolean holdsRun() {
        return Files.exists(config()) || Files.exists(record()) || Files.exists(root.resolve(CHECKPOINT_FILE));
    }

    /**
     * Starts a new run here, before its first epoch: refuses a directory that already holds a run unless
     * {@code overwrite} (then that run's files are removed), and writes config.yaml and preparation.json.
     */
    public void begin(RunSpec spec, PreparedData data, boolean overwrite) throws IOException {
        begin(spec, Preparation.of(data), overwrite);
    }

    /**
     * As {@link #begin(RunSpec, PreparedData, boolean)}, for data held elsewhere (on a cluster): the split's manifest
     * and the normalizer's state are all this directory keeps of it.
     */
    public void begin(RunSpec spec, SplitManifest split, Normalizer.State normalizer, boolean overwrite)
            throws IOException {
        begin(spec, new Preparation(split, normalizer), overwrite);
    }

    private void begin(RunSpec spec, Preparation preparation, boolean overwrite) throws IOException {
        if (holdsRun()) {
            if (!overwrite) {
                throw new IllegalArgumentException("Run directory " + root + " already holds a run; pass --overwrite to "
                        + "replace it, --resume " + root + " to continue it, or choose another --out");
            }
            clear();
        }
        // config.yaml last: it is what marks a run that --resume can continue
        AtomicFile.write(preparation(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(preparation));
        AtomicFile.write(config(), ConfigFile.write(spec.toOptions()));
    }

    /** The configuration of the run started here, for {@code --resume}. */
    public RunSpec readSpec() throws IOException {
        if (!Files.exists(config())) {
            throw new IllegalArgumentException("Cannot resume " + root + ": it has no " + CONFIG_FILE
                    + "; pass a run directory that plumb train wrote");
        }
        return RunSpec.parse(ConfigFile.read(config()));
    }

    /**
     * Checks that {@code data} is what the run started here trained on (the same split of the same examples, the
     * same normalizer), so that resuming continues the same run.
     */
    public void requireSamePreparation(PreparedData data) throws IOException {
        requireSamePreparation(Preparation.of(data));
    }

    /** As {@link #requireSamePreparation(PreparedData)}, for data held elsewhere: its split and normalizer. */
    public void requireSamePreparation(SplitManifest split, Normalizer.State normalizer) throws IOException {
        requireSamePreparation(new Preparation(split, normalizer));
    }

    private void requireSamePreparation(Preparation now) throws IOException {
        Preparation saved;
        try {
            saved = JSON.readValue(Files.readString(preparation(), StandardCharsets.UTF_8), Preparation.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot resume " + root + ": it has no " + PREPARATION_FILE
                    + "; it was not started by this version of plumb train");
        } catch (JacksonException e) {
            throw new IOException(preparation() + ": not a valid preparation record: " + e.getOriginalMessage(), e);
        }
        if (saved.split() != null && saved.split().textDecoding() == null && now.split() != null) {
            // a run started before Plumb counted undecodable bytes: the count is new, not a change in the data
            now = new Preparation(now.split().withTextDecoding(null), now.normalizer());
        }
        if (!saved.equals(now)) {
            throw new IllegalArgumentException("Cannot resume " + root + ": the data changed since the run started (its "
                    + "split or normalizer differs from " + PREPARATION_FILE + "); resume needs the same data, or start "
                    + "a new run");
        }
    }

    /** The split and the normalizer a run was started with: written first, checked on resume. */
    record Preparation(dev.plumb.data.SplitManifest split, dev.plumb.data.Normalizer.State normalizer) {
        static Preparation of(PreparedData data) {
            return new Preparation(data.raw().manifest(), data.normalizer() == null ? null : data.normalizer().state());
        }

        // a run trained on a cluster has no PreparedData here: its record says how its data was prepared
        static Preparation of(RunResult result) {
            return result.data() != null ? of(result.data())
                    : new Preparation(result.record().setup().split(), result.record().setup().normalizer());
        }
    }

    // Removes a previous run's files (not the lock, which this process holds).
    private void clear() throws IOException {
        for (String name : new String[] {CONFIG_FILE, RUN_FILE, ANALYSIS_FILE, HISTORY_FILE, REPORT_FILE, PREPARATION_FILE,
                CHECKPOINT_FILE}) {
            Files.deleteIfExists(root.resolve(name));
        }
        Path model = model();
        if (Files.exists(model)) {
            try (var walk = Files.walk(model)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Writes config.yaml, run.json, history.csv, analysis.json and model/ (the report is the caller's: it renders). */
    public void write(RunResult result) throws ModelFileException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new ModelFileException(root, "cannot create the run directory (" + e.getMessage() + "); choose a writable --out", e);
        }
        AtomicFile.write(config(), ConfigFile.write(result.spec().toOptions()));
        AtomicFile.write(preparation(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Preparation.of(result)));
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
