package dev.plumb.data;

import java.util.List;

/**
 * How a data set was split, saved with the model and the run record so that a split can be checked
 * and reproduced: the method and its settings, each part's size, class counts and a hash of its
 * example indices, and the leakage check.
 *
 * @param method      "ratios", "counts" or "files"
 * @param seed        shuffling seed (null for separate files)
 * @param settings    the ratios (train, dev, test) or the counts (dev, test) as given
 * @param stratified  whether class proportions were kept per split
 * @param classNames  class names (empty for regression)
 * @param parts       train, dev, test in that order
 * @param leakage     duplicates found across parts
 * @param rowsDropped rows of the data file(s) left out while reading, before the split, because a value was missing
 *                    (CSV files read with {@code --allow-missing}); 0 when none were
 * @param textDecoding for a folder of documents, the encoding and the undecodable-byte policy they were read with and
 *                    how many documents had bytes replaced; null for other data, and in records written before it
 */
public record SplitManifest(String method, Long seed, List<Double> settings, boolean stratified, List<String> classNames,
                            List<Part> parts, LeakageReport leakage, int rowsDropped, TextDecoding textDecoding) {

    public SplitManifest {
        settings = List.copyOf(settings);
        classNames = List.copyOf(classNames);
        parts = List.copyOf(parts);
        if (rowsDropped < 0) {
            throw new IllegalArgumentException("Invalid argument rowsDropped: " + rowsDropped + ". Expected a count >= 0.");
        }
    }

    /** A manifest of data that is not a folder of documents. */
    public SplitManifest(String method, Long seed, List<Double> settings, boolean stratified, List<String> classNames,
                         List<Part> parts, LeakageReport leakage, int rowsDropped) {
        this(method, seed, settings, stratified, classNames, parts, leakage, rowsDropped, null);
    }

    /** A manifest of data read whole, no rows dropped. */
    public SplitManifest(String method, Long seed, List<Double> settings, boolean stratified, List<String> classNames,
                         List<Part> parts, LeakageReport leakage) {
        this(method, seed, settings, stratified, classNames, parts, leakage, 0);
    }

    /** This manifest, saying that {@code count} rows were dropped for a missing value while reading. */
    public SplitManifest withRowsDropped(int count) {
        return new SplitManifest(method, seed, settings, stratified, classNames, parts, leakage, count, textDecoding);
    }

    /** This manifest, saying how the documents were decoded. */
    public SplitManifest withTextDecoding(TextDecoding decoding) {
        return new SplitManifest(method, seed, settings, stratified, classNames, parts, leakage, rowsDropped, decoding);
    }

    /**
     * One part of a split.
     *
     * @param name        "train", "dev" or "test"
     * @param size        examples
     * @param classCounts examples per class (empty for regression)
     * @param indexHash   SHA-256 (hex) of the part's example indices in order (of the example contents for
     *                    separate files): equal hashes mean the same examples in the same order
     */
    public record Part(String name, int size, List<Integer> classCounts, String indexHash) {
        public Part {
            classCounts = List.copyOf(classCounts);
        }
    }

    public Part part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No part named " + name + " in this split"));
    }
}
