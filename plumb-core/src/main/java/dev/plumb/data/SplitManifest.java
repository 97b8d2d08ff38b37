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
 */
public record SplitManifest(String method, Long seed, List<Double> settings, boolean stratified, List<String> classNames,
                            List<Part> parts, LeakageReport leakage) {

    public SplitManifest {
        settings = List.copyOf(settings);
        classNames = List.copyOf(classNames);
        parts = List.copyOf(parts);
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
