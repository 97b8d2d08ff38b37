package dev.plumb.spark;

import java.io.Serializable;

/**
 * A row read from a source before its class is numbered: class indices need every class name, which only the whole
 * data knows ({@link SparkSources} gathers them with one small aggregate, then numbers the rows).
 *
 * @param row      the row's 0-based number in its source (its id unless rows are dropped)
 * @param label    the class name, or null for a row dropped for a missing value
 * @param features the feature values in float64, null for a dropped row
 */
record ParsedRow(long row, String label, double[] features) implements Serializable {
}
