package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.plumb.lab.LabResult;

/**
 * The page of one {@code plumb lab} experiment, rendered from its saved result.json alone (no number on it is typed by
 * hand): the claim as the heading; the verdict — "the claim holds here: yes/no" — with every check, whether it held and
 * the numbers it was judged on; what was run (every setting, and the command line that repeats it); each figure as
 * an inline SVG chart; each table of measured numbers. A skipped experiment says why. Self-contained like the run
 * report: inline CSS and SVG, no script, nothing loaded.
 */
public final class LabPage {

    /** The setup entry that holds the command line repeating the run; shown as a command, not as a setting. */
    public static final String COMMAND_KEY = "command";
    /** The sections' element ids, stable so that links and tests can find them. */
    static final List<String> SECTION_IDS = List.of("verdict", "what-was-run", "figures", "numbers");

    static final String LAB_CSS = "h1.claim { font-size: 21px; line-height: 1.35; max-width: 980px; }\n"
            + "h1.claim .experiment { display: block; font-size: 13px; font-weight: 500; color: var(--muted); "
            + "text-transform: uppercase; letter-spacing: .05em; }\n"
            + "p.holds { font-size: 18px; margin: 4px 0 10px; }\n"
            + "p.holds .badge { font-size: 16px; padding: 2px 12px; }\n"
            + "table.checks td.evidence { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }\n"
            + "figure.lab-figure h3 { margin: 10px 0 4px; }\n"
            + "figure.lab-figure svg.chart .surface rect { shape-rendering: crispEdges; }\n"
            + "figure.lab-figure svg.chart circle.point { stroke-width: 0.7; }\n"
            + "table.lab-index td.claim { max-width: 640px; }\n"
            + "a.experiment-link { color: var(--accent); font-weight: 600; }\n";

    private LabPage() {
    }

    /** The page of {@code result}. */
    public static String render(LabResult result) {
        List<String[]> parts = new ArrayList<>();
        if (result.skipped() != null) {
            parts.add(new String[] {"skipped", "Not run here", skipped(result)});
            parts.add(new String[] {"what-was-run", "What would be run", run(result)});
        } else {
            parts.add(new String[] {"verdict", "Verdict", verdict(result)});
            parts.add(new String[] {"what-was-run", "What was run", run(result)});
            if (!result.figures().isEmpty()) {
                parts.add(new String[] {"figures", result.figures().size() == 1 ? "Plot" : "Plots", figures(result)});
            }
            if (!result.tables().isEmpty()) {
                parts.add(new String[] {"numbers", "The measured numbers", tables(result)});
            }
        }
        StringBuilder sb = new StringBuilder(64 * 1024);
        head(sb, "Plumb lab: " + result.name() + " — " + result.claim());
        sb.append("<body class=\"lab\"><header><h1 class=\"claim\"><span class=\"experiment\">plumb lab · ")
                .append(esc(result.name())).append("</span>").append(esc(result.claim())).append("</h1><nav><ul>");
        for (String[] p : parts) {
            sb.append("<li><a href=\"#").append(p[0]).append("\">").append(esc(p[1])).append("</a></li>");
        }
        sb.append("<li><a href=\"../").append(dev.plumb.lab.LabDirectory.INDEX_FILE).append("\">All experiments</a></li>");
        sb.append("</ul></nav></header><main>");
        for (String[] p : parts) {
            sb.append("\n<section id=\"").append(p[0]).append("\"><h2>").append(esc(p[1])).append("</h2>").append(p[2])
                    .append("</section>");
        }
        sb.append("\n</main><footer>Written by plumb lab from ").append(esc(result.name())).append("/result.json: every number "
                + "on this page is read from that file. Self-contained: no scripts, fonts or other files are loaded.</footer>"
                + "</body></html>\n");
        return sb.toString();
    }

    /**
     * Each figure of {@code result} as a standalone SVG document (its title and legend inside it), by file name —
     * {@code figure-1.svg}, … — for the page's directory: the page links to them, and a README can show them.
     */
    public static Map<String, String> figureFiles(LabResult result) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < result.figures().size(); i++) {
            files.put(LabFigures.fileName(i), LabFigures.standalone(result.figures().get(i), i));
        }
        return files;
    }

    static void head(StringBuilder sb, String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light\">")
                // no request may leave the page, not even for a favicon
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(HtmlReport.css()).append(LAB_CSS)
                .append("</style></head>");
    }

    /** "yes", "no" or "skipped": whether the claim held in {@code r}. */
    static String holds(LabResult r) {
        return r.skipped() != null ? "skipped" : r.verdict() != null && r.verdict().holds() ? "yes" : "no";
    }

    static String holdsBadge(LabResult r) {
        String h = holds(r);
        return Html.badge(h.equals("yes") ? "good" : h.equals("no") ? "bad" : "info", h);
    }

    private static String skipped(LabResult r) {
        return "<p class=\"absent skipped-why\">" + esc(r.skipped()) + "</p><p>No verdict: the experiment did not run, so "
                + "nothing was measured and the claim was not judged here.</p>";
    }

    private static String verdict(LabResult r) {
        StringBuilder sb = new StringBuilder("<p class=\"holds\">The claim holds here: ").append(holdsBadge(r)).append("</p>");
        if (r.verdict() == null || r.verdict().checks().isEmpty()) {
            return sb.append(Html.absent("The result holds no checks, so the claim was not judged.")).toString();
        }
        sb.append("<p class=\"note\">The claim holds when every check below holds; each is judged on the numbers "
                + "measured in this run (the evidence), which the plots and tables show in full.</p>");
        Table t = new Table("checks", "check", "holds", "evidence");
        for (LabResult.Check c : r.verdict().checks()) {
            t.row(c.statement(), Table.classed(c.holds() ? "good" : "bad", c.holds() ? "yes" : "no"),
                    Table.classed("evidence", c.evidence() == null ? "" : c.evidence()));
        }
        return sb.append(t).toString();
    }

    private static String run(LabResult r) {
        StringBuilder sb = new StringBuilder();
        String command = r.setup().get(COMMAND_KEY);
        if (command == null) { // a result not written by plumb lab: its name and, when recorded, its seed
            command = "plumb lab " + r.name() + (r.setup().containsKey("seed") ? " --seed " + r.setup().get("seed") : "");
        }
        sb.append("<p>To run it again:</p><pre class=\"command\"><code>").append(esc(command)).append("</code></pre>");
        Table t = new Table("kv setup");
        int settings = 0;
        for (Map.Entry<String, String> e : r.setup().entrySet()) {
            if (!e.getKey().equals(COMMAND_KEY)) {
                t.row(e.getKey(), Table.raw("<code>" + esc(e.getValue()) + "</code>"));
                settings++;
            }
        }
        if (settings > 0) {
            sb.append("<h3>Every setting</h3>").append(t);
        } else if (r.skipped() == null) {
            sb.append(Html.absent("The result records no settings beyond the command line."));
        }
        return sb.toString();
    }

    private static String figures(LabResult r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.figures().size(); i++) {
            sb.append(LabFigures.draw(r.figures().get(i), i));
        }
        return sb.toString();
    }

    private static String tables(LabResult r) {
        StringBuilder sb = new StringBuilder();
        for (LabResult.Table table : r.tables()) {
            if (table.title() != null && !table.title().isBlank()) {
                sb.append("<h3>").append(esc(table.title())).append("</h3>");
            }
            Table t = new Table("numbers lab-table", table.columns().toArray());
            for (List<Object> row : table.rows()) {
                t.row(row.stream().map(LabPage::cell).toArray());
            }
            sb.append("<div class=\"scroll\">").append(t).append("</div>");
        }
        return sb.toString();
    }

    /** A cell as saved: numbers to 4 significant digits (integers whole), yes/no for booleans, text escaped. */
    private static Object cell(Object v) {
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Number n && !(v instanceof Integer) && !(v instanceof Long) && !(v instanceof Double)) {
            return n.doubleValue(); // BigDecimal, BigInteger, Short… as JSON gave them back
        }
        if (v instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        return v;
    }
}
