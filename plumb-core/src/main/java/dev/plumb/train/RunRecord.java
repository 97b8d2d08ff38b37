package dev.plumb.train;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.io.PlumbVersion;
import dev.plumb.io.Utf8Text;
import dev.plumb.nn.NetworkSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a finished training run knows about itself, in three parts: how it was configured
 * ({@link Setup}), what happened while it trained ({@link Training}) and where it ended ({@link Result}).
 * Immutable; made with a {@link Builder} (the trainer fills it phase by phase); serializes to JSON
 * ({@link #toJson}) for the run directory, and the HTML report is a rendering of it.
 *
 * @param formatVersion version of this record's JSON layout ({@link #FORMAT_VERSION} when written by this Plumb)
 * @param plumbVersion  version of Plumb that trained
 * @param createdAt     ISO-8601 instant the run finished
 * @param setup         how the run was configured
 * @param training      what happened: the epochs, how and why training ended
 * @param result        where it ended: final measurements and weight statistics of the returned network
 */
public record RunRecord(int formatVersion, String plumbVersion, String createdAt, Setup setup, Training training,
                        Result result) {

    /**
     * Version of the JSON layout. 1: one flat object of 20 fields (Plumb 0.1.0 before issue 11); 2: setup,
     * training and result as nested objects, with an explicit outcome.
     */
    public static final int FORMAT_VERSION = 2;
    public static final String PLUMB_VERSION = PlumbVersion.VERSION;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RunRecord {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(result, "result");
    }

    /**
     * How the run was configured: what it trained on, the network, the precision and the training settings.
     *
     * @param dataset        name of the training data
     * @param network        the architecture, or null for a network of hand-made layers
     * @param networkSummary one line per layer
     * @param parameterCount trainable scalars
     * @param dtype          training precision
     * @param config         the training configuration
     * @param optimizer      optimizer id with its settings
     * @param blas           the GEMM implementation used
     * @param split          how the data was split, with the leakage check (null if the caller split it)
     * @param normalizer     the input normalizer's fitted statistics (null if inputs were used raw)
     * @param augmentation   the augmentation applied to training batches ("none" if none)
     * @param defaults       the options left at {@code auto} and the values chosen for them from the data, with the
     *                       reasons (empty when none was, and in records written before Plumb chose any)
     * @param initializedFrom fine-tuning: the model directory ({@code init-from}) whose architecture, weights and
     *                       normalizer the run started from; null for a network initialized from the seed
     * @param engine         where the steps ran when not in this JVM, e.g. "spark local[2], 2 partitions, synchronous
     *                       data-parallel"; null for a run in one JVM
     * @param inputs         what the inputs were (images, a table, text), the normalizer and the spread of the raw
     *                       features' scales, for advice; null when unknown (a caller's own data, older records)
     */
    public record Setup(String dataset, NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                        TrainConfig config, String optimizer, String blas, SplitManifest split,
                        Normalizer.State normalizer, String augmentation, List<ChosenDefault> defaults,
                        String initializedFrom, String engine, InputProfile inputs) {

        public Setup {
            Objects.requireNonNull(config, "config");
            defaults = defaults == null ? List.of() : List.copyOf(defaults);
            engine = engine == null || engine.isEmpty() ? null : engine;
        }

        /** A setup without an input profile. */
        public Setup(String dataset, NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                     TrainConfig config, String optimizer, String blas, SplitManifest split,
                     Normalizer.State normalizer, String augmentation, List<ChosenDefault> defaults,
                     String initializedFrom, String engine) {
            this(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split, normalizer,
                    augmentation, defaults, initializedFrom, engine, null);
        }

        /** A setup of a run in one JVM. */
        public Setup(String dataset, NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                     TrainConfig config, String optimizer, String blas, SplitManifest split,
                     Normalizer.State normalizer, String augmentation, List<ChosenDefault> defaults,
                     String initializedFrom) {
            this(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split, normalizer,
                    augmentation, defaults, initializedFrom, null);
        }

        /** A setup of a network initialized from the seed. */
        public Setup(String dataset, NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                     TrainConfig config, String optimizer, String blas, SplitManifest split,
                     Normalizer.State normalizer, String augmentation, List<ChosenDefault> defaults) {
            this(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split, normalizer,
                    augmentation, defaults, null);
        }

        /** A setup with no defaults chosen from the data. */
        public Setup(String dataset, NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                     TrainConfig config, String optimizer, String blas, SplitManifest split,
                     Normalizer.State normalizer, String augmentation) {
            this(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split, normalizer,
                    augmentation, List.of());
        }

        /** This setup with the data preparation the run was trained on: the split manifest and the normalizer. */
        public Setup withData(SplitManifest splitManifest, Normalizer.State normalizerState) {
            return new Setup(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas,
                    splitManifest, normalizerState, augmentation, defaults, initializedFrom, engine, inputs);
        }

        /** This setup with the values chosen for its {@code auto} options. */
        public Setup withDefaults(List<ChosenDefault> chosen) {
            return new Setup(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split,
                    normalizer, augmentation, chosen, initializedFrom, engine, inputs);
        }

        /** This setup with the profile of its inputs. */
        public Setup withInputs(InputProfile profile) {
            return new Setup(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split,
                    normalizer, augmentation, defaults, initializedFrom, engine, profile);
        }

        /** This setup started from the model in {@code modelDirectory} (fine-tuning). */
        public Setup withInitializedFrom(String modelDirectory) {
            return new Setup(dataset, network, networkSummary, parameterCount, dtype, config, optimizer, blas, split,
                    normalizer, augmentation, defaults, modelDirectory, engine, inputs);
        }
    }

    /**
     * What happened while training.
     *
     * @param outcome       how training ended
     * @param stopReason    why, in words a user can act on
     * @param history       one entry per finished epoch (a diverged epoch is not one)
     * @param earlyStopping what early stopping did (null without it)
     * @param seconds       wall time of the run
     * @param initialCost   the training cost J at initialization, in eval mode (null in older records)
     */
    public record Training(TrainingOutcome outcome, String stopReason, List<EpochLogs> history,
                           EarlyStopping.Report earlyStopping, double seconds, Double initialCost) {

        public Training {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(stopReason, "stopReason");
            history = List.copyOf(history);
        }

        /** A record without the cost at initialization. */
        public Training(TrainingOutcome outcome, String stopReason, List<EpochLogs> history,
                        EarlyStopping.Report earlyStopping, double seconds) {
            this(outcome, stopReason, history, earlyStopping, seconds, null);
        }

        /**
         * The first epoch whose training cost exceeded {@link DivergencePolicy#EXPLOSION_FACTOR} times the cost at
         * initialization, or 0 if none did (or the initial cost is unknown).
         */
        public int explodedEpoch() {
            if (initialCost == null) {
                return 0;
            }
            for (EpochLogs e : history) {
                if (!(e.trainCost() <= DivergencePolicy.EXPLOSION_FACTOR * initialCost)) {
                    return e.epoch();
                }
            }
            return 0;
        }

        /** The epoch with the lowest dev cost (the first of equals), or 0 without dev measurements. */
        public int lowestDevCostEpoch() {
            return lowest(true);
        }

        /** The epoch with the lowest dev error (the first of equals), or 0 without dev measurements. */
        public int lowestDevErrorEpoch() {
            return lowest(false);
        }

        private int lowest(boolean cost) {
            int epoch = 0;
            double best = Double.POSITIVE_INFINITY;
            for (EpochLogs e : history) {
                if (e.hasDev() && (cost ? e.devCost() : e.devError()) < best) {
                    best = cost ? e.devCost() : e.devError();
                    epoch = e.epoch();
                }
            }
            return epoch;
        }

        /** The epochs a busy machine slowed down (their {@link EpochLogs#slowdown} says how), in order. */
        public List<EpochLogs> slowedDown() {
            return history.stream().filter(e -> e.slowdown() != null).toList();
        }

        /** The epoch whose weights the trained network has: early stopping's best, or the last one finished. */
        public int bestEpoch() {
            return earlyStopping != null && earlyStopping.bestEpoch() > 0 ? earlyStopping.bestEpoch() : history.size();
        }
    }

    /**
     * Where the run ended: measurements of the network as returned (after early stopping or a divergence
     * restored weights).
     *
     * @param evaluations final cost and error per split ("train", "dev", "test")
     * @param weights     norm and sparsity of each weight matrix
     */
    public record Result(List<Evaluation> evaluations, List<WeightStats> weights) {

        public Result {
            evaluations = List.copyOf(evaluations);
            weights = weights == null ? List.of() : List.copyOf(weights);
        }

        /** The final measurement on {@code split}, if any. */
        public Optional<Evaluation> evaluation(String split) {
            return evaluations.stream().filter(e -> e.split().equals(split)).findFirst();
        }

        /** This result with {@code evaluation} added (replacing one of the same split). */
        public Result withEvaluation(Evaluation evaluation) {
            List<Evaluation> all = new ArrayList<>();
            for (Evaluation e : evaluations) {
                if (!e.split().equals(evaluation.split())) {
                    all.add(e);
                }
            }
            all.add(evaluation);
            return new Result(all, weights);
        }
    }

    /** An empty builder for a record in the current format. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's parts, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.formatVersion = formatVersion;
        b.plumbVersion = plumbVersion;
        b.createdAt = createdAt;
        b.setup = setup;
        b.training = training;
        b.result = result;
        return b;
    }

    /** The final measurement on {@code split} ("train", "dev", "test"), if any. */
    public Optional<Evaluation> evaluation(String split) {
        return result.evaluation(split);
    }

    /** The finished epochs. */
    public List<EpochLogs> history() {
        return training.history();
    }

    /** The epoch whose weights the trained network has: early stopping's best, or the last one finished. */
    public int bestEpoch() {
        return training.bestEpoch();
    }

    /** How training ended. */
    public TrainingOutcome outcome() {
        return training.outcome();
    }

    /** This record with {@code evaluation} added (replacing one of the same split). */
    public RunRecord withEvaluation(Evaluation evaluation) {
        return toBuilder().result(result.withEvaluation(evaluation)).build();
    }

    /** This record with the data preparation it was trained on: the split manifest and the normalizer. */
    public RunRecord withData(SplitManifest splitManifest, Normalizer.State normalizerState) {
        return toBuilder().setup(setup.withData(splitManifest, normalizerState)).build();
    }

    /** This record with the values chosen for the run's {@code auto} options, and why. */
    public RunRecord withDefaults(List<ChosenDefault> chosen) {
        return toBuilder().setup(setup.withDefaults(chosen)).build();
    }

    /** This record with the profile of the inputs it trained on. */
    public RunRecord withInputs(InputProfile profile) {
        return toBuilder().setup(setup.withInputs(profile)).build();
    }

    /** This record of a run that started from the model in {@code modelDirectory} (fine-tuning: {@code init-from}). */
    public RunRecord withInitializedFrom(String modelDirectory) {
        return toBuilder().setup(setup.withInitializedFrom(modelDirectory)).build();
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    }

    /**
     * Parses {@link #toJson} output. A malformed record, or one in another format version, gives an
     * IllegalArgumentException naming the problem and what to do.
     */
    public static RunRecord fromJson(String json) {
        return parse(json, "The run record", "DIR");
    }

    /**
     * Reads a run record file (a run directory's run.json); every error names the file: an unreadable one is an
     * IOException (a missing one the {@link NoSuchFileException} itself, for callers that explain absence), an
     * empty, non-UTF-8 or malformed one an IllegalArgumentException saying what is wrong and what to do.
     */
    public static RunRecord read(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent() == null ? Path.of(".") : file.toAbsolutePath().getParent();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the run record: "
                    + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()), e);
        }
        String json;
        try {
            json = Utf8Text.decode(bytes);
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; Plumb writes run.json as UTF-8, so"
                    + " the file was damaged or replaced — train the run again: plumb train --config "
                    + directory.resolve("config.yaml"), e);
        }
        if (json.isBlank()) {
            throw new IllegalArgumentException(file + ": is empty (" + bytes.length + " bytes), not a run record;"
                    + " the run was interrupted before it wrote its record, or the file was truncated — train the"
                    + " run again: plumb train --config " + directory.resolve("config.yaml"));
        }
        return parse(json, file.toString(), directory.toString());
    }

    private static RunRecord parse(String json, String source, String runDirectory) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": invalid run record JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException(source + ": is empty, not a run record; a run record is the run.json"
                    + " that plumb train writes into a run directory");
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException(source + ": invalid run record JSON: expected an object, got "
                    + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new IllegalArgumentException(source + ": invalid run record JSON: no formatVersion number (a small integer);"
                    + " a run record is the run.json that plumb train writes into a run directory");
        }
        int v = version.intValue();
        if (v < FORMAT_VERSION) {
            throw new IllegalArgumentException(source + " was written by an older Plumb (run record format " + v
                    + "; this Plumb " + PLUMB_VERSION + " reads format " + FORMAT_VERSION + "). Train the run again to write"
                    + " a current record: plumb train --config " + runDirectory + "/config.yaml"
                    + ("DIR".equals(runDirectory) ? " (DIR: the run directory)" : ""));
        }
        if (v > FORMAT_VERSION) {
            throw new IllegalArgumentException(source + " was written by a newer Plumb (run record format " + v
                    + "; this Plumb " + PLUMB_VERSION + " reads format " + FORMAT_VERSION + "). Read it with a newer Plumb.");
        }
        try {
            return JSON.treeToValue(tree, RunRecord.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": invalid run record JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Assembles a record part by part: the trainer sets the setup when training begins, the training part
     * when it ends and the result after the final evaluations; the workflow then adds the data preparation
     * and the test evaluation.
     */
    public static final class Builder {

        private int formatVersion = FORMAT_VERSION;
        private String plumbVersion = PLUMB_VERSION;
        private String createdAt;
        private Setup setup;
        private Training training;
        private Result result;

        private Builder() {
        }

        public Builder plumbVersion(String version) {
            this.plumbVersion = version;
            return this;
        }

        public Builder createdAt(String instant) {
            this.createdAt = instant;
            return this;
        }

        public Builder setup(Setup s) {
            this.setup = s;
            return this;
        }

        public Builder training(Training t) {
            this.training = t;
            return this;
        }

        public Builder result(Result r) {
            this.result = r;
            return this;
        }

        /** Adds {@code evaluation} to the result (replacing one of the same split); the result must be set. */
        public Builder evaluation(Evaluation evaluation) {
            this.result = require(result, "result").withEvaluation(evaluation);
            return this;
        }

        /** Adds the data preparation to the setup; the setup must be set. */
        public Builder data(SplitManifest splitManifest, Normalizer.State normalizerState) {
            this.setup = require(setup, "setup").withData(splitManifest, normalizerState);
            return this;
        }

        public RunRecord build() {
            return new RunRecord(formatVersion, plumbVersion, require(createdAt, "createdAt"), require(setup, "setup"),
                    require(training, "training"), require(result, "result"));
        }

        // A part left unset is a bug in the code that builds the record, not a user error.
        private static <T> T require(T part, String name) {
            if (part == null) {
                throw new IllegalStateException("RunRecord.Builder: " + name + " is not set; set it before building");
            }
            return part;
        }
    }
}
