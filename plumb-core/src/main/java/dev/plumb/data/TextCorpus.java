package dev.plumb.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Labelled documents before vectorization: the text counterpart of a classification {@link Dataset}.
 * It is split first and vectorized after, so the vocabulary can be fitted on the training part alone:
 *
 * <pre>{@code
 * TextCorpus.Parts parts = corpus.split(new Split(0.6, 0.2, 0.2, 42, true));
 * TextVectorizer vectorizer = TextVectorizer.fit(parts.train().documents(), VectorizerOptions.defaults());
 * Dataset train = vectorizer.transform(parts.train(), DType.FLOAT32);
 * Dataset dev = vectorizer.transform(parts.dev(), DType.FLOAT32);
 * }</pre>
 *
 * @param name       where the documents came from, for reports
 * @param documents  the text of each document
 * @param labels     class index per document
 * @param classNames class names by index, at least two
 */
public record TextCorpus(String name, List<String> documents, int[] labels, List<String> classNames) {

    public TextCorpus {
        Objects.requireNonNull(name, "name");
        documents = List.copyOf(documents);
        classNames = List.copyOf(classNames);
        labels = labels.clone();
        int k = classNames.size();
        if (k < 2) {
            throw new IllegalArgumentException("Invalid argument classNames for " + name + ": " + k
                    + " classes. Expected at least 2.");
        }
        if (labels.length != documents.size()) {
            throw new IllegalArgumentException("Invalid text corpus " + name + ": " + labels.length + " labels for "
                    + documents.size() + " documents; expected one label per document");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Invalid label in " + name + " at document " + i + ": "
                        + labels[i] + ". Expected a class index in [0, " + k + ").");
            }
        }
    }

    /** Class index per document (a copy). */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Number of documents. */
    public int size() {
        return documents.size();
    }

    /** The documents at {@code indices}, in that order, as a new corpus. */
    public TextCorpus subset(String subsetName, int[] indices) {
        List<String> docs = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], documents.size());
            docs.add(documents.get(indices[i]));
            l[i] = labels[indices[i]];
        }
        return new TextCorpus(subsetName, docs, l, classNames);
    }

    /** The three parts of a split corpus. */
    public record Parts(TextCorpus train, TextCorpus dev, TextCorpus test) {
    }

    /**
     * Splits the documents as {@code split} splits any data set with these labels: the same ratios,
     * seed and stratification give the same partition, and the parts are named like
     * {@link Split.Parts}' ("spam/train").
     */
    public Parts split(Split split) {
        // Split works on data sets; give it one whose only feature is the document index (exact in float64)
        Matrix index = Matrix.zeros(DType.FLOAT64, size(), 1);
        for (int i = 0; i < size(); i++) {
            index.set(i, 0, i);
        }
        Split.Parts parts = split.apply(Dataset.classification(name, index, labels, classNames));
        return new Parts(subset(parts.train()), subset(parts.dev()), subset(parts.test()));
    }

    private TextCorpus subset(Dataset indexPart) {
        double[] column = indexPart.features().toDoubleArray();
        int[] indices = new int[column.length];
        Arrays.setAll(indices, i -> (int) column[i]);
        return subset(indexPart.name(), indices);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextCorpus c && name.equals(c.name) && documents.equals(c.documents)
                && Arrays.equals(labels, c.labels) && classNames.equals(c.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, documents, Arrays.hashCode(labels), classNames);
    }

    @Override
    public String toString() {
        return "TextCorpus[" + name + ", " + size() + " documents, classes " + classNames + "]";
    }
}
