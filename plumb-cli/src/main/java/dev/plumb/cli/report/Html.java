package dev.plumb.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * Escaping and number formatting for the report. Every string that comes from a run record (class
 * names, feature names, file names, messages) goes through {@link #esc} before it reaches the page.
 */
final class Html {

    /** Categorical colours for classes (Tableau 10: distinguishable, and readable on white). */
    private static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    static final String TRAIN_COLOUR = "#1f77b4";
    static final String DEV_COLOUR = "#e8710a";
    static final String TEST_COLOUR = "#2e7d32";
    static final String OPTIMAL_COLOUR = "#6b7280";

    private Html() {
    }

    /** Text made safe for element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Colour of class {@code index}, cycling through the palette. */
    static String classColour(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    /** {@code hex} ("#rrggbb") mixed with white: {@code amount} 1 keeps the colour, 0 gives white. */
    static String tint(String hex, double amount) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        StringBuilder sb = new StringBuilder("#");
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (rgb >> shift) & 0xff;
            sb.append(String.format(Locale.ROOT, "%02x", (int) Math.round(255 - (255 - c) * amount)));
        }
        return sb.toString();
    }

    /** A number to 4 significant digits, plain where that reads well and in e-notation otherwise. */
    static String num(double v) {
        return num(v, 4);
    }

    static String num(double v, int digits) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e6) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros()
                    .toPlainString();
            return s.startsWith("-") ? "−" + s.substring(1) : s;
        }
        return sci(v, digits - 1);
    }

    /** E-notation with {@code decimals} decimals: 1.23e-08. */
    static String sci(double v) {
        return sci(v, 2);
    }

    static String sci(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return num(v);
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int exponent = Integer.parseInt(s.substring(e + 1));
        String out = exponent == 0 ? mantissa : mantissa + "e" + exponent;
        return out.startsWith("-") ? "−" + out.substring(1) : out;
    }

    /** A rate as a percentage: 0.1234 → "12.34 %". */
    static String pct(double rate) {
        if (!Double.isFinite(rate)) {
            return num(rate);
        }
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }

    /** An integer with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A paragraph saying what is missing and why, for a section without data. */
    static String absent(String text) {
        return "<p class=\"absent\">" + esc(text) + "</p>";
    }

    /** A coloured label; {@code kind} is one of good, ok, warn, bad, info. */
    static String badge(String kind, String text) {
        return "<span class=\"badge " + kind + "\">" + esc(text) + "</span>";
    }

    /** A legend of colour swatches, one per label. */
    static String legend(List<String> labels, List<String> colours) {
        StringBuilder sb = new StringBuilder("<ul class=\"legend\">");
        for (int i = 0; i < labels.size(); i++) {
            sb.append("<li><span class=\"swatch\" style=\"background:").append(colours.get(i)).append("\"></span>")
                    .append(esc(labels.get(i))).append("</li>");
        }
        return sb.append("</ul>").toString();
    }
}
