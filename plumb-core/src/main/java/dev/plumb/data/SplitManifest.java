package dev.plumb.data;

import java.util.List;

/**
 * How a data set was split, saved with the model and the run record so that a split can be checked
 * and reproduced: the method and its settings, each part's size, class counts and a hash of its
 * example indices, and the leakage check.
 *
 * @param method      "ratios", "counts" or "files" (a text folder split by ratios is "ratios": its documents are
 *                    split as rows are, then vectorized)
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

    /**
     * This manifest with the split described as {@code method} with its seed, settings and stratification: for parts
     * that were split by ratios before they became data sets (a text folder's documents), whose leakage check and hashes
     * were made on the data sets as separate parts.
     */
    public SplitManifest describedAs(String newMethod, Long newSeed, List<Double> newSettings, boolean newStratified) {
        return new SplitManifest(newMethod, newSeed, newSettings, newStratified, classNames, parts, leakage, rowsDropped,
                textDecoding);
    }

    /** The method in words, e.g. "ratios 0.6/0.2/0.2, seed 42, stratified", "counts (dev 100, test 50), seed 7", "files". */
    public String methodDescription() {
        String seedText = seed == null ? "" : ", seed " + seed;
        String stratifiedText = stratified ? ", stratified" : "";
        return switch (method) {
            case "ratios" -> "ratios " + settings.stream().map(SplitManifest::decimal)
                    .collect(java.util.stream.Collectors.joining("/")) + seedText + stratifiedText;
            case "counts" -> settings.size() == 2 ? "counts (dev " + decimal(settings.get(0)) + ", test "
                    + decimal(settings.get(1)) + ")" + seedText + stratifiedText : method + seedText + stratifiedText;
            default -> method;
        };
    }

    // 0.6 → "0.6", 100.0 → "100"
    private static String decimal(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
