package dev.plumb.data;

import java.util.List;

/**
 * Exact duplicates across splits: examples of dev or test whose features are bit-for-bit those of a
 * training example (or a test example equal to a dev example). Such an example measures memory, not
 * generalization, and makes dev and test error look better than they are.
 *
 * @param devInTrain      dev examples that also occur in train
 * @param testInTrain     test examples that also occur in train
 * @param testInDev       test examples that also occur in dev (and not in train)
 * @param removedFromDev  how many of them were removed from dev
 * @param removedFromTest how many were removed from test
 * @param examples        up to 10 example pairs, "dev#12 = train#340" (indices into the data before splitting,
 *                        or into each file for separate files)
 */
public record LeakageReport(int devInTrain, int testInTrain, int testInDev, int removedFromDev, int removedFromTest,
                            List<String> examples) {

    public LeakageReport {
        examples = List.copyOf(examples);
    }

    /** Total duplicates found across splits. */
    public int total() {
        return devInTrain + testInTrain + testInDev;
    }

    public boolean clean() {
        return total() == 0;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        if (clean()) {
            return "no exact duplicates across train/dev/test";
        }
        String removed = removedFromDev + removedFromTest == 0 ? " (kept; pass dropLeaks to remove them from dev/test)"
                : " (removed " + removedFromDev + " from dev, " + removedFromTest + " from test)";
        return "exact duplicates across splits: " + devInTrain + " dev in train, " + testInTrain + " test in train, "
                + testInDev + " test in dev" + removed;
    }
}
