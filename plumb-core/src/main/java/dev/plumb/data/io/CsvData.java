package dev.plumb.data.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.plumb.data.Dataset;

/**
 * What {@link CsvReader#read} made of a CSV file.
 *
 * @param dataset     the examples, with the header's feature names and, for classification, the class names
 * @param classIndex  class name → class index, in index order (empty for regression); the same mapping
 *                    as {@code dataset.classNames()}, kept to encode new labels the same way
 * @param rowsRead    data rows in the file (the header and blank lines not counted)
 * @param rowsDropped rows dropped for a missing value (only with {@link CsvOptions#allowMissing()});
 *                    {@code dataset.size() == rowsRead - rowsDropped}
 */
public record CsvData(Dataset dataset, Map<String, Integer> classIndex, int rowsRead, int rowsDropped) {

    public CsvData {
        Objects.requireNonNull(dataset, "dataset");
        classIndex = Collections.unmodifiableMap(new LinkedHashMap<>(classIndex));
        if (rowsDropped < 0 || rowsDropped > rowsRead || dataset.size() != rowsRead - rowsDropped) {
            throw new IllegalArgumentException("Invalid CSV counts: " + rowsRead + " rows read, " + rowsDropped
                    + " dropped, but the data set has " + dataset.size() + " examples; expected read - dropped");
        }
        for (int c = 0; c < dataset.classCount(); c++) {
            if (!Integer.valueOf(c).equals(classIndex.get(dataset.classNames().get(c)))) {
                throw new IllegalArgumentException("Invalid argument classIndex: " + classIndex
                        + " does not match the data set's class names " + dataset.classNames());
            }
        }
        if (classIndex.size() != dataset.classCount()) {
            throw new IllegalArgumentException("Invalid argument classIndex: " + classIndex.size()
                    + " classes, but the data set has " + dataset.classCount());
        }
    }
}
