package dev.plumb.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.nn.NetworkSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a finished training run knows about itself: how it was configured, what it measured each
 * epoch, why it stopped and where it ended. Immutable; serializes to JSON ({@link #toJson}) for the run
 * directory, and the HTML report is a rendering of it.
 *
 * @param formatVersion  version of this record's JSON layout
 * @param plumbVersion   version of Plumb that trained
 * @param createdAt      ISO-8601 instant the run finished
 * @param dataset        name of the training data
 * @param network        the architecture, or null for a network of hand-made layers
 * @param networkSummary one line per layer
 * @param parameterCount trainable scalars
 * @param dtype          training precision
 * @param config         the training configuration
 * @param optimizer      optimizer id with its settings
 * @param blas           the GEMM implementation used
 * @param history        one entry per epoch run
 * @param stopReason     why training ended
 * @param evaluations    final measurements of the returned network, per split
 * @param seconds        wall time of the run
 * @param split          how the data was split, with the leakage check (null if the caller split it)
 * @param normalizer     the input normalizer's fitted statistics (null if inputs were used raw)
 * @param augmentation   the augmentation applied to training batches ("none" if none)
 * @param earlyStopping  what early stopping did (null without it)
 * @param weights        norm and sparsity of each weight matrix of the returned network
 */
public record RunRecord(int formatVersion, String plumbVersion, String createdAt, String dataset,
                        NetworkSpec network, String networkSummary, long parameterCount, String dtype,
                        TrainConfig config, String optimizer, String blas, List<EpochLogs> history,
                        String stopReason, List<Evaluation> evaluations, double seconds, SplitManifest split,
                        Normalizer.State normalizer, String augmentation, EarlyStopping.Report earlyStopping,
                        List<WeightStats> weights) {

    public static final int FORMAT_VERSION = 1;
    public static final String PLUMB_VERSION = "0.1.0";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RunRecord {
        history = List.copyOf(history);
        weights = weights == null ? List.of() : List.copyOf(weights);
        evaluations = List.copyOf(evaluations);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stopReason, "stopReason");
    }

    /** The epoch whose weights the trained network has: early stopping's best, or the last one run. */
    public int bestEpoch() {
        return earlyStopping != null && earlyStopping.bestEpoch() > 0 ? earlyStopping.bestEpoch() : history.size();
    }

    /** The final measurement on {@code split} ("train", "dev", "test"), if any. */
    public Optional<Evaluation> evaluation(String split) {
        return evaluations.stream().filter(e -> e.split().equals(split)).findFirst();
    }

    /** This record with {@code evaluation} added (replacing one of the same split). */
    public RunRecord withEvaluation(Evaluation evaluation) {
        List<Evaluation> all = new ArrayList<>();
        for (Evaluation e : evaluations) {
            if (!e.split().equals(evaluation.split())) {
                all.add(e);
            }
        }
        all.add(evaluation);
        return new RunRecord(formatVersion, plumbVersion, createdAt, dataset, network, networkSummary, parameterCount,
                dtype, config, optimizer, blas, history, stopReason, all, seconds, split, normalizer, augmentation,
                earlyStopping, weights);
    }

    /** This record with the data preparation it was trained on: the split manifest and the normalizer. */
    public RunRecord withData(SplitManifest splitManifest, Normalizer.State normalizerState) {
        return new RunRecord(formatVersion, plumbVersion, createdAt, dataset, network, networkSummary, parameterCount,
                dtype, config, optimizer, blas, history, stopReason, evaluations, seconds, splitManifest, normalizerState,
                augmentation, earlyStopping, weights);
    }

    /** Pretty-printed JSON. */
    public String toJson() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    }

    /** Parses {@link #toJson} output; a malformed record gives an IllegalArgumentException naming the problem. */
    public static RunRecord fromJson(String json) {
        try {
            return JSON.readValue(json, RunRecord.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Invalid run record JSON: " + e.getOriginalMessage(), e);
        }
    }
}
