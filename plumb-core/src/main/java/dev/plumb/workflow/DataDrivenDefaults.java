package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.plumb.data.Normalizer;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.train.ChosenDefault;
import dev.plumb.train.EarlyStoppingSpec;

/**
 * The one place that turns the options left at {@code auto} into values, from the prepared data: a function of the
 * spec and the data alone (no clock, no randomness), so a resumed run, or a learning curve's point, resolves exactly
 * as the run it continues. An option given explicitly keeps its exact meaning.
 *
 * <ul>
 *   <li>{@code epochs}: a budget of about {@value #STEPS} optimizer steps rather than a number of passes, since what a
 *       network learns depends on how many updates it gets: 90 iris rows in batches of 32 take 3 steps an epoch, so
 *       20 epochs were 60 steps and the network had barely started. Never fewer than {@value #MIN_EPOCHS} epochs (a
 *       large data set gets at least the passes it always had), never more than {@value #MAX_EPOCHS}.</li>
 *   <li>{@code early-stopping}: on when there is a dev part to watch, on the dev error (ties broken by the dev cost;
 *       see {@link EarlyStoppingSpec#DEFAULTS} for why not the cost), with the best epoch's weights
 *       restored and a patience of a tenth of the epochs (at least {@value #MIN_PATIENCE}), so a budget that is too
 *       large for the data costs time, not accuracy; off without a dev part.</li>
 *   <li>{@code normalize}: none for text-folder features (TF-IDF rows are already of unit L2 length, counts and 0/1
 *       presence are sparse: dividing a rare word's column by its tiny deviation makes it huge), standard for
 *       everything else (numeric columns on their own scales).</li>
 * </ul>
 */
public final class DataDrivenDefaults {

    /** The optimizer steps {@code epochs=auto} aims at. */
    public static final int STEPS = 2000;
    /** The fewest epochs {@code epochs=auto} chooses: the fixed default before it. */
    public static final int MIN_EPOCHS = 20;
    /** The most epochs {@code epochs=auto} chooses, for a few dozen examples (one batch per epoch). */
    public static final int MAX_EPOCHS = 1000;
    /** The least patience {@code early-stopping=auto} chooses. */
    public static final int MIN_PATIENCE = 5;

    private DataDrivenDefaults() {
    }

    /**
     * A spec with every {@code auto} option replaced by its value, and the choices made, in {@link RunOption}'s order.
     *
     * @param spec   the spec to train with (nothing in it is auto)
     * @param chosen what was chosen and why; empty when nothing was left to the data
     */
    public record Resolution(RunSpec spec, List<ChosenDefault> chosen) {
        public Resolution {
            chosen = List.copyOf(chosen);
        }
    }

    /** Resolves {@code spec}'s automatic options for {@code data}, prepared from it by {@link TrainingRun#prepare}. */
    public static Resolution resolve(RunSpec spec, PreparedData data) {
        return resolve(spec, data.train().size(), data.dev().size(), data.initial() != null ? data : null,
                data.vectorizer());
    }

    /**
     * Resolves {@code spec}'s automatic options for numeric features (no text vectorizer, no fine-tuning) held elsewhere
     * — on a cluster — of which only the sizes of the training and dev parts are known here.
     */
    public static Resolution resolve(RunSpec spec, int trainExamples, int devExamples) {
        return resolve(spec, trainExamples, devExamples, null, null);
    }

    private static Resolution resolve(RunSpec spec, int trainExamples, int devExamples, PreparedData fineTuned,
                                      TextVectorizer vectorizer) {
        List<ChosenDefault> chosen = new ArrayList<>();
        TrainingOptions training = spec.training();
        int epochs;
        if (training.epochs().isAuto()) {
            epochs = epochs(trainExamples, training.batch());
            chosen.add(new ChosenDefault(RunOption.EPOCHS.key(), String.valueOf(epochs),
                    epochsReason(trainExamples, training.batch(), epochs)));
        } else {
            epochs = training.epochs().value();
        }
        Optional<EarlyStoppingSpec> stopping;
        if (training.earlyStopping().isAuto()) {
            stopping = earlyStopping(devExamples, epochs);
            chosen.add(new ChosenDefault(RunOption.EARLY_STOPPING.key(), TrainingOptions.earlyStoppingText(stopping),
                    stopping.map(s -> "a dev part of " + count(devExamples) + " examples to watch: stop after "
                            + s.patience() + " epochs without a lower dev error (a tenth of " + epochs + ", at least "
                            + MIN_PATIENCE + "; equal errors are told apart by the dev cost) and keep the best epoch's "
                            + "weights").orElse("no dev part to watch")));
        } else {
            stopping = training.earlyStopping().value();
        }
        DataOptions options = spec.data();
        if (options.normalize().isAuto() && fineTuned != null) {
            Normalizer.Kind kind = FineTuning.normalizeKind(fineTuned);
            chosen.add(new ChosenDefault(RunOption.NORMALIZE.key(), kind.name().toLowerCase(Locale.ROOT),
                    FineTuning.normalizeReason(spec, fineTuned)));
            options = options.withNormalize(kind);
        } else if (options.normalize().isAuto()) {
            Normalizer.Kind kind = normalize(options, vectorizer);
            chosen.add(new ChosenDefault(RunOption.NORMALIZE.key(), kind.name().toLowerCase(Locale.ROOT),
                    normalizeReason(vectorizer)));
            options = options.withNormalize(kind);
        }
        RunSpec resolved = spec.withData(options).withTraining(training.withResolved(epochs, stopping));
        return new Resolution(resolved, chosen);
    }

    /**
     * The normalizer the data options ask for, {@code auto} resolved: none for text-folder features ({@code vectorizer}
     * not null), standard otherwise. {@link TrainingRun#prepare} fits it before {@link #resolve} can run.
     */
    static Normalizer.Kind normalize(DataOptions options, TextVectorizer vectorizer) {
        return options.normalize().given().orElse(vectorizer != null ? Normalizer.Kind.NONE : Normalizer.Kind.STANDARD);
    }

    /**
     * A warning line when the run was told to scale text-folder features ({@code normalize} given as standard or
     * minmax, not fine-tuning): the issue-19 spam corpus lost 3.6 points of accuracy to standardized TF-IDF rows, with
     * no other sign that anything was wrong. Empty otherwise.
     */
    public static Optional<String> normalizeWarning(RunSpec spec, PreparedData data) {
        Optional<Normalizer.Kind> given = spec.data().normalize().given();
        if (data.vectorizer() == null || data.initial() != null || given.isEmpty() || given.get() == Normalizer.Kind.NONE) {
            return Optional.empty();
        }
        String kind = given.get().name().toLowerCase(Locale.ROOT);
        return Optional.of("warning: normalize " + kind + " on text-folder features usually hurts TF-IDF rows: "
                + (given.get() == Normalizer.Kind.STANDARD ? "dividing each rare word's column by its tiny deviation"
                : "stretching each rare word's column to [0, 1]") + " makes rare words dominate; leave --normalize at auto "
                + "(none for text) unless a dev set says otherwise");
    }

    /** Epochs for about {@link #STEPS} optimizer steps on {@code examples} in batches of {@code batch}, clamped. */
    static int epochs(int examples, int batch) {
        int perEpoch = batchesPerEpoch(examples, batch);
        int epochs = (STEPS + perEpoch - 1) / perEpoch;
        return Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, epochs));
    }

    /** Early stopping on the dev error, patience a tenth of {@code epochs} (at least {@link #MIN_PATIENCE}); none without dev. */
    static Optional<EarlyStoppingSpec> earlyStopping(int devExamples, int epochs) {
        if (devExamples == 0) {
            return Optional.empty();
        }
        return Optional.of(new EarlyStoppingSpec(EarlyStoppingSpec.DEFAULTS.monitor(), Math.max(MIN_PATIENCE, epochs / 10),
                EarlyStoppingSpec.DEFAULTS.minDelta()));
    }

    private static int batchesPerEpoch(int examples, int batch) {
        return Math.max(1, (examples + batch - 1) / batch);
    }

    private static String epochsReason(int examples, int batch, int epochs) {
        int perEpoch = batchesPerEpoch(examples, batch);
        String perEpochText = perEpoch + (perEpoch == 1 ? " batch" : " batches") + " of " + Math.min(batch, examples)
                + " per epoch (" + count(examples) + " training examples)";
        long steps = (long) epochs * perEpoch;
        if (epochs == MIN_EPOCHS && steps > STEPS) {
            return "at least " + MIN_EPOCHS + " passes over the data: " + count(steps) + " optimizer steps at " + perEpochText;
        }
        if (epochs == MAX_EPOCHS && steps < STEPS) {
            return "at most " + MAX_EPOCHS + " epochs: " + count(steps) + " optimizer steps at " + perEpochText;
        }
        return "about " + count(STEPS) + " optimizer steps at " + perEpochText;
    }

    private static String normalizeReason(TextVectorizer vectorizer) {
        if (vectorizer == null) {
            return "numeric features, each on its own scale: zero mean and unit variance, fitted on the training part";
        }
        VectorizerOptions.Weighting weighting = vectorizer.options().weighting();
        return "text features, " + switch (weighting) {
            case TFIDF -> "TF-IDF rows already of unit length (L2-normalized)";
            case COUNT -> "word counts";
            case BINARY -> "0/1 word presence";
        } + " over a sparse vocabulary of " + count(vectorizer.featureCount()) + " words: standardizing would divide each "
                + "rare word's column by its tiny deviation and make it dominate";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
