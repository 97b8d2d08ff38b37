package dev.plumb.data.io;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text rules for the values in a CSV cell: what is a number, what is a missing value, and how a
 * bad value is quoted in an error message.
 *
 * <p>Public because the Spark reader ({@code dev.plumb.spark.SparkSources}) shares these rules: a CSV
 * file must read the same there as with {@link CsvReader}, value for value and message for message,
 * so there is one copy of each rule, this one.
 */
public final class CsvValues {

    /** Compared ignoring case; "" is missing too. */
    private static final Set<String> MISSING = Set.of("na", "n/a", "nan", "null", "?");

    /** Longer values are cut in messages, so a runaway quoted field does not flood the terminal. */
    private static final int QUOTE_LIMIT = 40;

    private CsvValues() {
    }

    /**
     * {@code s} without leading and trailing spaces and tabs. Not {@link String#trim()}: a line break
     * left inside a value (an unclosed quote) must stay visible and be rejected.
     */
    public static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** Whether a trimmed numeric value stands for "no value". */
    public static boolean isMissing(String value) {
        return value.isEmpty() || value.length() <= 4 && MISSING.contains(value.toLowerCase(Locale.ROOT));
    }

    /** Whether a trimmed value spells infinity: inf or infinity, optionally signed, in any case. */
    public static boolean isInfinity(String value) {
        String v = value.startsWith("+") || value.startsWith("-") ? value.substring(1) : value;
        return v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("infinity");
    }

    /**
     * Whether {@code value} is a plain decimal number: an optional sign, digits with an optional decimal
     * point, an optional exponent ({@code -1.5}, {@code .5}, {@code 3.}, {@code 2e-3}). Stricter than
     * {@link Double#parseDouble}, which also takes "NaN", "Infinity", hex floats and a trailing
     * {@code d} or {@code f}.
     */
    public static boolean isDecimal(String value) {
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

    /** {@code value} in single quotes for a message: control characters escaped, cut after 40 characters. */
    public static String quote(String value) {
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
        if (value.length() > QUOTE_LIMIT) {
            out.append("…' (").append(value.length()).append(" characters)");
        } else {
            out.append('\'');
        }
        return out.toString();
    }

    /** Column names for a message: quoted, comma-separated, the first 20 and a count of the rest. */
    public static String listNames(List<String> names) {
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
}
