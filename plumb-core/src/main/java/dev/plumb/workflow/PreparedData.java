package dev.plumb.workflow;

import java.util.List;
import java.util.stream.IntStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.TextVectorizer;
import dev.plumb.io.ModelBundle;

/**
 * Data ready to train on: split (with its manifest and leakage check), and normalized with statistics of the
 * training part only.
 *
 * @param raw         the split parts before normalization, with the split manifest
 * @param normalizer  fitted on {@code raw.train()} only; null when inputs are used as they are
 * @param train       the normalized training part
 * @param dev         the normalized dev part (may be empty)
 * @param test        the normalized test part (may be empty)
 * @param vectorizer  for text, the vectorizer fitted on the training documents (null otherwise)
 * @param description one line saying what was loaded
 * @param initial     fine-tuning ({@code init-from}): the model the network starts from, whose normalizer (and, for
 *                    text, vectorizer) prepared this data as is; null for a new network
 */
public record PreparedData(Split.Parts raw, Normalizer normalizer, Dataset train, Dataset dev, Dataset test,
                           TextVectorizer vectorizer, String description, ModelBundle initial) {

    /** Data for a new network (no model to start from). */
    public PreparedData(Split.Parts raw, Normalizer normalizer, Dataset train, Dataset dev, Dataset test,
                        TextVectorizer vectorizer, String description) {
        this(raw, normalizer, train, dev, test, vectorizer, description, null);
    }

    /** Fits {@code kind} on the training part only and applies it to all three parts. */
    static PreparedData of(Split.Parts raw, Normalizer.Kind kind, TextVectorizer vectorizer, String description) {
        return of(raw, kind.fit(raw.train()), vectorizer, description, null);
    }

    /**
     * Applies {@code normalizer} (fitted elsewhere: the model {@code initial} brought; null = inputs as they are) to all
     * three parts.
     */
    static PreparedData of(Split.Parts raw, Normalizer normalizer, TextVectorizer vectorizer, String description,
                           ModelBundle initial) {
        return new PreparedData(raw, normalizer, normalized(normalizer, raw.train()), normalized(normalizer, raw.dev()),
                normalized(normalizer, raw.test()), vectorizer, description, initial);
    }

    private static Dataset normalized(Normalizer normalizer, Dataset data) {
        return normalizer == null ? data : normalizer.transform(data);
    }

    /** This data with {@code subset} (of the normalized training part) to train on: a learning curve's point. */
    PreparedData withTrain(Dataset subset) {
        return new PreparedData(raw, normalizer, subset, dev, test, vectorizer, description, initial);
    }

    public List<String> classNames() {
        return raw.train().classNames();
    }

    /** Output units the network needs: one per class, or one per regression target. */
    public int outputs() {
        return train.isClassification() ? train.classCount() : train.targets().cols();
    }

    /** The first {@code n} normalized training examples: the batch a gradient check runs on. */
    public Dataset firstTrainingExamples(int n) {
        return checkBatch(train, n);
    }

    /** The first {@code n} examples of {@code data} (all if it has fewer), named as a gradient check's batch. */
    static Dataset checkBatch(Dataset data, int n) {
        return data.subset(data.name() + " (check batch)", IntStream.range(0, Math.min(n, data.size())).toArray());
    }
}
