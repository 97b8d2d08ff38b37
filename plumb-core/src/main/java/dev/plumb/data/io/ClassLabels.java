package dev.plumb.data.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class labels collected row by row as strings and numbered at the end in a deterministic order:
 * if every class name is a decimal number ({@code 0}, {@code -1}, {@code 2.5}), by increasing
 * numeric value; otherwise lexicographically ({@link String#compareTo}, so "B" precedes "a"). Two
 * names with the same value, such as "1" and "1.0", are different classes, ordered lexicographically.
 * The order depends only on the set of names, never on the order of the rows.
 *
 * <p>Public for {@link #classOrder}, which the Spark reader ({@code dev.plumb.spark.SparkSources})
 * shares to number the classes of a distributed CSV file exactly as {@link CsvReader} does; collecting
 * the labels stays internal.
 */
public final class ClassLabels {

    private final Map<String, Integer> idByName = new HashMap<>();
    private final List<String> namesById = new ArrayList<>();
    private int[] ids = new int[1024];
    private int size;

    /** Records one row's label. */
    void add(String name) {
        Integer id = idByName.get(name);
        if (id == null) {
            id = namesById.size();
            idByName.put(name, id);
            namesById.add(name);
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, 2 * ids.length);
        }
        ids[size++] = id;
    }

    int classCount() {
        return namesById.size();
    }

    /** Any one class name (for a message about a single class). */
    String someName() {
        return namesById.get(0);
    }

    /** The class names in class-index order. */
    List<String> classNames() {
        return classOrder(namesById);
    }

    /**
     * {@code names}, distinct class names, in class-index order: by increasing numeric value when
     * every name is a decimal number ({@link CsvValues#isDecimal}; ties such as "1" and "1.0"
     * lexicographically), otherwise lexicographically by {@link String#compareTo}. Depends only on the
     * set of names, never on their order, so a reader that sees the names in no particular order (the
     * Spark reader, from a {@code distinct}) numbers the classes as {@link CsvReader} does.
     *
     * @return a new, modifiable list
     */
    public static List<String> classOrder(Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(order(sorted));
        return sorted;
    }

    /** The class index of each row, in row order, for {@code classNames} as returned by {@link #classNames()}. */
    int[] labels(List<String> classNames) {
        int[] indexById = new int[namesById.size()];
        for (int index = 0; index < classNames.size(); index++) {
            indexById[idByName.get(classNames.get(index))] = index;
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = indexById[ids[i]];
        }
        return out;
    }

    private static Comparator<String> order(List<String> names) {
        Map<String, BigDecimal> values = new HashMap<>();
        for (String name : names) {
            if (!CsvValues.isDecimal(name)) {
                return Comparator.naturalOrder();
            }
            try {
                values.put(name, new BigDecimal(name));
            } catch (NumberFormatException e) { // an exponent beyond BigDecimal's int scale
                return Comparator.naturalOrder();
            }
        }
        Comparator<String> byValue = Comparator.comparing(values::get);
        return byValue.thenComparing(Comparator.naturalOrder());
    }
}
