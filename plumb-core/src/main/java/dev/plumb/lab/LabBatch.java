package dev.plumb.lab;

import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Standardizer;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvReader;
import dev.plumb.data.io.DataFileException;
import dev.plumb.nn.Loss;
import dev.plumb.tensor.DType;

/**
 * A standardized float64 batch of real examples for the experiments that look at gradients (initialization,
 * numerical-gradient, gradient-check): the bundled digits by default, or the user's {@code --data} — {@code digits}
 * or a CSV file whose last column is the class label (plumb's CSV defaults).
 *
 * @param data        the examples (standardized with μ and σ fitted on them; a constant column stays 0)
 * @param description what was loaded, for the page's setup
 */
record LabBatch(Dataset data, String description) {

    /** Up to {@code size} examples drawn without replacement with {@code seed}, in float64. */
    static LabBatch load(LabSettings settings, int size) throws DataFileException {
        String source = settings.data().orElse("digits");
        Dataset all;
        String what;
        if (source.equalsIgnoreCase("digits")) {
            all = Digits.load(DType.FLOAT64);
            what = "the bundled digits (" + Digits.EXAMPLES + " 8x8 images, 10 classes)";
        } else {
            Path path = Path.of(source);
            all = CsvReader.read(path, CsvOptions.defaults().withDtype(DType.FLOAT64)).dataset();
            what = "CSV " + path + " (label: last column)";
        }
        int m = Math.min(size, all.size());
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(settings.seed());
        for (int i = 0; i < m; i++) { // partial Fisher–Yates: the first m of a seeded shuffle
            int j = i + rng.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(order, m);
        Dataset batch = all.subset(all.name() + "-batch", chosen);
        Dataset standardized = Standardizer.fit(batch).transform(batch);
        return new LabBatch(standardized, what + "; " + m + " examples drawn with seed " + settings.seed()
                + ", standardized (μ, σ of the batch)");
    }

    /** The loss for this data: softmax cross-entropy for classes, mean squared error for a regression target. */
    Loss loss() {
        return data.isClassification() ? Loss.softmaxCrossEntropy() : Loss.meanSquaredError();
    }

    /** Output units: one per class, or one per target column. */
    int outputs() {
        return data.targets().cols();
    }
}
