package dev.plumb.cli.report;

/**
 * An HTML table built row by row. Cells are text and are escaped, unless passed as {@link Raw} (markup
 * built by this package); numbers are formatted with {@link Html#num}.
 */
final class Table {

    /** Markup that is already safe. */
    record Raw(String html) {
    }

    /** Text in a cell with a CSS class (a verdict colour, say). */
    record Classed(String cssClass, String text) {
    }

    /** A number already formatted (a percentage, say): escaped, and right-aligned like other numbers. */
    record Num(String text) {
    }

    private final StringBuilder sb = new StringBuilder();

    Table(String cssClass, Object... headings) {
        sb.append("<table class=\"").append(cssClass).append("\">");
        if (headings.length > 0) {
            sb.append("<thead><tr>");
            for (Object h : headings) {
                sb.append("<th scope=\"col\">").append(cell(h)).append("</th>");
            }
            sb.append("</tr></thead>");
        }
        sb.append("<tbody>");
    }

    /** A row of cells; the first is a row heading. */
    Table row(Object... cells) {
        return styledRow("", cells);
    }

    /** A row with a class on the {@code <tr>}. */
    Table styledRow(String cssClass, Object... cells) {
        sb.append(cssClass.isEmpty() ? "<tr>" : "<tr class=\"" + cssClass + "\">");
        for (int i = 0; i < cells.length; i++) {
            String tag = i == 0 ? "th" : "td";
            String cellClass = cells[i] instanceof Number || cells[i] instanceof Num ? "num"
                    : cells[i] instanceof Classed c ? c.cssClass() : null;
            sb.append('<').append(tag).append(i == 0 ? " scope=\"row\"" : "")
                    .append(cellClass == null ? ">" : " class=\"" + cellClass + "\">")
                    .append(cell(cells[i]))
                    .append("</").append(tag).append('>');
        }
        sb.append("</tr>");
        return this;
    }

    static Raw raw(String html) {
        return new Raw(html);
    }

    static Num num(String text) {
        return new Num(text);
    }

    static Classed classed(String cssClass, String text) {
        return new Classed(cssClass, text);
    }

    private static String cell(Object value) {
        if (value instanceof Raw r) {
            return r.html();
        }
        if (value instanceof Num n) {
            return Html.esc(n.text());
        }
        if (value instanceof Classed c) {
            return Html.esc(c.text());
        }
        if (value instanceof Double d) {
            return Html.num(d);
        }
        if (value instanceof Integer || value instanceof Long) {
            return Html.count(((Number) value).longValue());
        }
        return Html.esc(value == null ? "" : value.toString());
    }

    @Override
    public String toString() {
        return sb + "</tbody></table>";
    }
}
