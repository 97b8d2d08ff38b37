package dev.plumb.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.plumb.data.VectorizerOptions.Weighting;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.SparseMatrix;

/**
 * Documents as rows of term weights over a vocabulary fitted on the <em>training</em> documents only,
 * then applied unchanged to dev, test and every later prediction (like {@link Standardizer}).
 *
 * <p>Fitting tokenizes each document ({@link Tokenizer}), counts for each term the number of training
 * documents containing it (its document frequency, df), keeps the terms with df ≥
 * {@code minDocumentFrequency}, and of those the {@code maxFeatures} with the highest df, ties broken
 * alphabetically ({@link String#compareTo}), so the same documents always give the same vocabulary.
 * (scikit-learn ranks by total count instead.) Feature j is the j-th kept term in alphabetical order.
 * The weighting ({@link Weighting}) and, for TF-IDF, the idf of each term are fixed at fitting time.
 *
 * <p>{@link #transform} ignores tokens outside the vocabulary: a word seen only in test documents adds
 * nothing. Rows are sparse ({@link SparseMatrix}), {@link #featureCount()} wide.
 *
 * <p>Immutable once fitted; made only by {@link #fit} or, from saved {@link State}, by {@link #of}.
 */
public final class TextVectorizer {

    /**
     * Everything a fitted vectorizer needs, as plain data, for saving with a model.
     *
     * @param vocabulary the terms in feature order
     * @param idf        the smooth idf of each term in the training documents, ln((1 + n) / (1 + df)) + 1
     *                   (recorded for every weighting, used only by TF-IDF)
     * @param options    the options it was fitted with
     */
    public record State(List<String> vocabulary, double[] idf, VectorizerOptions options) {

        public State {
            vocabulary = List.copyOf(Objects.requireNonNull(vocabulary, "vocabulary"));
            idf = Objects.requireNonNull(idf, "idf").clone();
            Objects.requireNonNull(options, "options");
        }

        /** The idf per term (a copy). */
        @Override
        public double[] idf() {
            return idf.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && vocabulary.equals(s.vocabulary) && Arrays.equals(idf, s.idf)
                    && options.equals(s.options);
        }

        @Override
        public int hashCode() {
            return Objects.hash(vocabulary, Arrays.hashCode(idf), options);
        }

        @Override
        public String toString() {
            return "TextVectorizer.State[" + vocabulary.size() + " terms, " + options + "]";
        }
    }

    private final State state;
    private final Map<String, Integer> featureIndex;
    private final double[] idf;

    private TextVectorizer(State state) {
        this.state = state;
        this.idf = state.idf();
        this.featureIndex = new HashMap<>();
        for (int j = 0; j < state.vocabulary().size(); j++) {
            featureIndex.put(state.vocabulary().get(j), j);
        }
    }

    /** Fits the vocabulary and idf on the training documents (never on dev or test documents). */
    public static TextVectorizer fit(List<String> trainingDocuments, VectorizerOptions options) {
        Objects.requireNonNull(options, "options");
        int n = trainingDocuments.size();
        if (n == 0) {
            throw new IllegalArgumentException("Invalid argument trainingDocuments: no documents; "
                    + "a vectorizer needs at least one to fit its vocabulary");
        }
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String document = Objects.requireNonNull(trainingDocuments.get(i), "trainingDocuments[" + i + "]");
            for (String term : new HashSet<>(Tokenizer.tokenize(document, options.minTokenLength()))) {
                documentFrequency.merge(term, 1, Integer::sum);
            }
        }
        List<String> vocabulary = documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= options.minDocumentFrequency())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(options.maxFeatures())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("Invalid argument trainingDocuments: no term occurs in at least "
                    + "minDocumentFrequency=" + options.minDocumentFrequency() + " of the " + n + " documents ("
                    + documentFrequency.size() + " distinct terms with minTokenLength=" + options.minTokenLength()
                    + "), so the vocabulary would be empty; lower minDocumentFrequency or check the documents");
        }
        double[] idf = new double[vocabulary.size()];
        for (int j = 0; j < idf.length; j++) {
            // smooth idf: as if one extra document contained every term once, so no df is zero
            idf[j] = Math.log((1.0 + n) / (1.0 + documentFrequency.get(vocabulary.get(j)))) + 1;
        }
        return new TextVectorizer(new State(vocabulary, idf, options));
    }

    /** Restores a fitted vectorizer from its saved state, after checking that the state is consistent. */
    public static TextVectorizer of(State state) {
        List<String> vocabulary = state.vocabulary();
        double[] idf = state.idf();
        VectorizerOptions options = state.options();
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("Invalid vectorizer state: empty vocabulary; expected at least one term");
        }
        if (vocabulary.size() > options.maxFeatures()) {
            throw new IllegalArgumentException("Invalid vectorizer state: " + vocabulary.size()
                    + " terms but maxFeatures=" + options.maxFeatures());
        }
        if (idf.length != vocabulary.size()) {
            throw new IllegalArgumentException("Invalid vectorizer state: " + vocabulary.size() + " terms but "
                    + idf.length + " idf values; expected one per term");
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < vocabulary.size(); j++) {
            String term = vocabulary.get(j);
            if (!isToken(term)) {
                throw new IllegalArgumentException("Invalid vectorizer state: term " + j + " is '" + term
                        + "', which the tokenizer never produces (expected lowercase letters, digits and marks only), "
                        + "so it could never match");
            }
            if (!seen.add(term)) {
                throw new IllegalArgumentException("Invalid vectorizer state: term " + j + " ('" + term
                        + "') appears twice in the vocabulary");
            }
            if (!(idf[j] >= 1) || !Double.isFinite(idf[j])) {
                throw new IllegalArgumentException("Invalid vectorizer state: idf of term " + j + " ('" + term + "') is "
                        + idf[j] + "; expected a finite value >= 1 (ln((1 + n) / (1 + df)) + 1 with df <= n)");
            }
        }
        return new TextVectorizer(state);
    }

    private static boolean isToken(String term) {
        return term != null && !term.isEmpty() && term.codePoints().allMatch(Tokenizer::isTokenChar)
                && term.equals(term.toLowerCase(Locale.ROOT));
    }

    /** The fitted state, for saving with a model. */
    public State state() {
        return state;
    }

    /** The terms in feature order. */
    public List<String> vocabulary() {
        return state.vocabulary();
    }

    /** The smooth idf of each term (a copy). */
    public double[] idf() {
        return idf.clone();
    }

    public VectorizerOptions options() {
        return state.options();
    }

    /** Number of features: the vocabulary size. */
    public int featureCount() {
        return idf.length;
    }

    /**
     * One row per document, {@link #featureCount()} columns, weighted as the options say: a {@link SparseMatrix},
     * which holds only the terms each document uses (a document of 300 distinct words over a vocabulary of 100,000
     * costs 3.6 KB, not 400 KB).
     */
    public SparseMatrix transform(List<String> documents, DType dtype) {
        int width = featureCount();
        SparseMatrix.Builder rows = new SparseMatrix.Builder(dtype, width, documents.size());
        int[] counts = new int[width];
        int[] present = new int[16]; // features of the current document
        double[] weights = new double[16];
        for (int i = 0; i < documents.size(); i++) {
            String document = Objects.requireNonNull(documents.get(i), "documents[" + i + "]");
            int n = 0;
            for (String token : Tokenizer.tokenize(document, options().minTokenLength())) {
                Integer j = featureIndex.get(token);
                if (j != null && counts[j]++ == 0) {
                    if (n == present.length) {
                        present = Arrays.copyOf(present, 2 * n);
                        weights = new double[2 * n];
                    }
                    present[n++] = j;
                }
            }
            Arrays.sort(present, 0, n); // a sparse row's columns ascend
            double sumOfSquares = 0;
            for (int k = 0; k < n; k++) {
                int j = present[k];
                weights[k] = switch (options().weighting()) {
                    case COUNT -> counts[j];
                    case BINARY -> 1;
                    case TFIDF -> counts[j] * idf[j];
                };
                sumOfSquares += weights[k] * weights[k];
                counts[j] = 0;
            }
            // TF-IDF rows are L2-normalized; a row without known terms has norm 0 and stays zero
            double norm = options().weighting() == Weighting.TFIDF && sumOfSquares > 0 ? Math.sqrt(sumOfSquares) : 1;
            for (int k = 0; k < n; k++) {
                weights[k] /= norm;
            }
            rows.addRow(present, weights, n);
        }
        return rows.build();
    }

    /** The corpus as a classification data set whose feature names are the vocabulary. */
    public Dataset transform(TextCorpus corpus, DType dtype) {
        return Dataset.classification(corpus.name(), transform(corpus.documents(), dtype), corpus.labels(),
                corpus.classNames(), vocabulary(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextVectorizer v && state.equals(v.state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    @Override
    public String toString() {
        return "TextVectorizer[" + featureCount() + " terms, " + options() + "]";
    }
}
