package dev.plumb.spark;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The core's rules for the text in a CSV cell and for numbering classes, restated here because the core keeps them
 * package-private ({@code dev.plumb.data.io.CsvValues} and {@code ClassLabels}). They must stay identical: a value the
 * core reads as a number, a missing value or an error is read the same on Spark, and class names get the same
 * indices, or the Spark rows and the content-hash manifest would differ from the single-machine ones.
 * {@code SparkSourcesTest} checks the two against each other on the same files.
 */
final class CsvCells {

    /** Compared ignoring case; "" is missing too. */
    private static final Set<String> MISSING = Set.of("na", "n/a", "nan", "null", "?");
    private static final int QUOTE_LIMIT = 40;

    private CsvCells() {
    }

    /** {@code s} without leading and trailing spaces and tabs (not {@link String#trim()}: as the core). */
    static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    static boolean isMissing(String value) {
        return value.isEmpty() || value.length() <= 4 && MISSING.contains(value.toLowerCase(Locale.ROOT));
    }

    static boolean isInfinity(String value) {
        String v = value.startsWith("+") || value.startsWith("-") ? value.substring(1) : value;
        return v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("infinity");
    }

    /** An optional sign, digits with an optional point, an optional exponent; stricter than {@link Double#parseDouble}. */
    static boolean isDecimal(String value) {
        int n = value.length();
        int i = 0;
        if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(value.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && value.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(value.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
            i++;
            if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(value.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code value} in single quotes for a message, control characters escaped, cut after 40 characters. */
    static String quote(String value) {
        String shown = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) : value;
        StringBuilder out = new StringBuilder(shown.length() + 24).append('\'');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return value.length() > QUOTE_LIMIT ? out.append("…' (").append(value.length()).append(" characters)").toString()
                : out.append('\'').toString();
    }

    /** Names for a message: quoted, comma-separated, the first 20 and a count of the rest. */
    static String listNames(List<String> names) {
        int shown = Math.min(names.size(), 20);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
        }
        if (names.size() > shown) {
            out.append(", … (").append(names.size() - shown).append(" more)");
        }
        return out.toString();
    }

    /**
     * The class names in class-index order, as the core numbers them: by increasing numeric value when every name is a
     * decimal number (ties such as "1" and "1.0" lexicographically), otherwise lexicographically by
     * {@link String#compareTo}. Depends only on the set of names, never on row order, which is what lets Spark number
     * classes from a {@code distinct} without any notion of "first seen".
     */
    static List<String> classOrder(Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        Map<String, BigDecimal> values = new HashMap<>();
        boolean numeric = true;
        for (String name : sorted) {
            if (!isDecimal(name)) {
                numeric = false;
                break;
            }
            try {
                values.put(name, new BigDecimal(name));
            } catch (NumberFormatException e) { // an exponent beyond BigDecimal's int scale
                numeric = false;
                break;
            }
        }
        Comparator<String> byValue = Comparator.comparing(values::get);
        sorted.sort(numeric ? byValue.thenComparing(Comparator.naturalOrder()) : Comparator.naturalOrder());
        return sorted;
    }
}
