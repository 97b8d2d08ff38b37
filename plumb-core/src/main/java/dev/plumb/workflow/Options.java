package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Text options ("key" → "value", as on a command line or in a config file) read one key at a time,
 * each parse failure naming the key, the value and what is allowed. Unknown keys are refused.
 */
final class Options {

    private final Map<String, String> values;

    Options(Map<String, String> values, Set<String> known) {
        this.values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown option '" + e.getKey() + "'. Known options: "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            }
            if (e.getValue() != null) {
                this.values.put(key, e.getValue().trim());
            }
        }
    }

    String string(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    long longValue(String key, long fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, v, "true or false");
        };
    }

    double[] numbers(String key, String fallback) {
        String v = string(key, fallback);
        List<Double> out = new ArrayList<>();
        for (String part : v.split("[,/]")) {
            if (!part.isBlank()) {
                try {
                    out.add(Double.parseDouble(part.trim()));
                } catch (NumberFormatException e) {
                    throw invalid(key, v, "comma-separated numbers, e.g. 0.6,0.2,0.2");
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    int[] integers(String key, String fallback) {
        String v = string(key, fallback);
        if (v.equalsIgnoreCase("none") || v.isBlank()) {
            return new int[0];
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw invalid(key, v, "comma-separated integers, e.g. 256,128");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** "a=1,b=2" → map; a bare word maps to "". */
    Map<String, String> pairs(String key, String fallback) {
        String v = string(key, fallback);
        Map<String, String> out = new LinkedHashMap<>();
        if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none") || v.isBlank()) {
            return out;
        }
        for (String part : v.split(",")) {
            String[] kv = part.split("=", 2);
            out.put(kv[0].trim().toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1].trim() : "");
        }
        return out;
    }

    static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("Invalid value for option " + key + ": '" + value + "'. Expected " + expected + ".");
    }
}
