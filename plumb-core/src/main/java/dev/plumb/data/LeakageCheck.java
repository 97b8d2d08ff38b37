package dev.plumb.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * Finds exact duplicate feature rows across data sets by content hash (64-bit, over the bit patterns
 * of the values), confirming every hash match by comparing the rows, so a collision never reports a
 * duplicate. Linear in the number of values.
 */
final class LeakageCheck {

    private final Matrix reference;
    private final int[] referenceRows;
    private final Map<Long, List<Integer>> byHash = new HashMap<>();

    /** Indexes rows {@code rows} of {@code reference} (positions into {@code rows} are what matches report). */
    LeakageCheck(Matrix reference, int[] rows) {
        this.reference = reference;
        this.referenceRows = rows;
        for (int k = 0; k < rows.length; k++) {
            byHash.computeIfAbsent(hash(reference, rows[k]), h -> new ArrayList<>(1)).add(k);
        }
    }

    /** The position (into the indexed rows) of a row equal to row {@code row} of {@code data}, or -1. */
    int find(Matrix data, int row) {
        List<Integer> candidates = byHash.get(hash(data, row));
        if (candidates == null) {
            return -1;
        }
        for (int k : candidates) {
            if (sameRow(reference, referenceRows[k], data, row)) {
                return k;
            }
        }
        return -1;
    }

    static long hash(Matrix m, int row) {
        long h = 0xcbf29ce484222325L; // FNV-1a offset basis, mixed a long at a time
        int cols = m.cols();
        if (m instanceof SparseMatrix s) { // the same hash as the dense row's, walking the stored elements
            int p = s.rowStart(row);
            int end = s.rowEnd(row);
            for (int j = 0; j < cols; j++) {
                double v = p < end && s.columnAt(p) == j ? s.valueAt(p++) : 0.0;
                h ^= Double.doubleToLongBits(v);
                h *= 0x100000001b3L;
                h ^= h >>> 29;
            }
            return h;
        }
        for (int j = 0, off = row * cols; j < cols; j++) {
            h ^= Double.doubleToLongBits(m.get(off + j));
            h *= 0x100000001b3L;
            h ^= h >>> 29;
        }
        return h;
    }

    private static boolean sameRow(Matrix a, int ra, Matrix b, int rb) {
        if (a instanceof SparseMatrix sa && b instanceof SparseMatrix sb) {
            int n = sa.rowEnd(ra) - sa.rowStart(ra);
            if (n != sb.rowEnd(rb) - sb.rowStart(rb)) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                int p = sa.rowStart(ra) + k;
                int q = sb.rowStart(rb) + k;
                if (sa.columnAt(p) != sb.columnAt(q)
                        || Double.doubleToLongBits(sa.valueAt(p)) != Double.doubleToLongBits(sb.valueAt(q))) {
                    return false;
                }
            }
            return true;
        }
        int cols = a.cols();
        for (int j = 0; j < cols; j++) {
            if (Double.doubleToLongBits(a.get(ra * cols + j)) != Double.doubleToLongBits(b.get(rb * cols + j))) {
                return false;
            }
        }
        return true;
    }
}
