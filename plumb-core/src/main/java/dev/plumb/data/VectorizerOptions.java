package dev.plumb.data;

import java.util.Objects;

/**
 * How {@link TextVectorizer} builds its vocabulary and weighs terms.
 *
 * @param minTokenLength       tokens shorter than this many code points are dropped (1 keeps all; 2
 *                             matches scikit-learn's default token pattern)
 * @param maxFeatures          the vocabulary keeps at most this many terms, those occurring in the most
 *                             training documents (ties broken alphabetically); {@link #UNLIMITED} for no cap.
 *                             It is also the width of every feature row (rows are stored sparse).
 * @param minDocumentFrequency a term must occur in at least this many training documents to be kept
 * @param weighting            what a feature holds for a term in a document
 */
public record VectorizerOptions(int minTokenLength, int maxFeatures, int minDocumentFrequency, Weighting weighting) {

    /** No cap on the vocabulary size. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** What a feature holds for term t in document d. */
    public enum Weighting {
        /** Bag of words: the number of times t occurs in d. */
        COUNT,
        /** 1 if t occurs in d, else 0. */
        BINARY,
        /**
         * tf·idf with tf the count of t in d and the smooth idf(t) = ln((1 + n) / (1 + df(t))) + 1, where n
         * is the number of training documents and df(t) the number of them containing t; each row is then
         * divided by its Euclidean (L2) norm (a document without known terms stays all zeros). These are
         * the defaults of scikit-learn's {@code TfidfVectorizer} (smooth_idf, norm='l2', no sublinear tf).
         */
        TFIDF
    }

    public VectorizerOptions {
        if (minTokenLength < 1) {
            throw new IllegalArgumentException("Invalid value for argument minTokenLength: " + minTokenLength
                    + ". Expected an integer >= 1 (1 keeps every token).");
        }
        if (maxFeatures < 1) {
            throw new IllegalArgumentException("Invalid value for argument maxFeatures: " + maxFeatures
                    + ". Expected an integer >= 1, or VectorizerOptions.UNLIMITED for no cap.");
        }
        if (minDocumentFrequency < 1) {
            throw new IllegalArgumentException("Invalid value for argument minDocumentFrequency: " + minDocumentFrequency
                    + ". Expected an integer >= 1 (a number of training documents).");
        }
        Objects.requireNonNull(weighting, "weighting");
    }

    /** TF-IDF over every token of at least one character, no vocabulary cap. */
    public static VectorizerOptions defaults() {
        return new VectorizerOptions(1, UNLIMITED, 1, Weighting.TFIDF);
    }

    /** These options with a different {@code maxFeatures}. */
    public VectorizerOptions withMaxFeatures(int newMaxFeatures) {
        return new VectorizerOptions(minTokenLength, newMaxFeatures, minDocumentFrequency, weighting);
    }

    /** These options with a different {@code weighting}. */
    public VectorizerOptions withWeighting(Weighting newWeighting) {
        return new VectorizerOptions(minTokenLength, maxFeatures, minDocumentFrequency, newWeighting);
    }
}
