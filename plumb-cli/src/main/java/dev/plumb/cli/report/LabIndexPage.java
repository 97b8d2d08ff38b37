package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.List;

import dev.plumb.lab.LabDirectory;
import dev.plumb.lab.LabResult;

/**
 * lab.html: every experiment whose result is in the lab directory — its name linking to its page, its claim, and
 * whether the claim held here (yes, no, skipped) — rendered from the saved results.
 */
public final class LabIndexPage {

    /** A directory whose result.json could not be read, and why. */
    public record Unreadable(String name, String why) {
    }

    private LabIndexPage() {
    }

    /** The index of {@code results} (in the order given), listing {@code unreadable} ones after them. */
    public static String render(List<LabResult> results, List<Unreadable> unreadable) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        LabPage.head(sb, "Plumb lab: the note's claims");
        long yes = results.stream().filter(r -> LabPage.holds(r).equals("yes")).count();
        long no = results.stream().filter(r -> LabPage.holds(r).equals("no")).count();
        long skipped = results.stream().filter(r -> LabPage.holds(r).equals("skipped")).count();
        sb.append("<body class=\"lab-index\"><header><h1>Plumb lab: the note's claims, measured</h1></header><main>")
                .append("\n<section id=\"experiments\"><h2>Experiments</h2>");
        if (results.isEmpty()) {
            sb.append(Html.absent("No experiment has been run into this directory yet: plumb lab NAME or plumb lab all."));
        } else {
            sb.append("<p class=\"summary\">").append(results.size()).append(results.size() == 1 ? " experiment" : " experiments")
                    .append(": the claim holds in ").append(yes).append(", does not hold in ").append(no)
                    .append(skipped > 0 ? ", " + skipped + " skipped" : "").append(". Each verdict is computed from the "
                            + "numbers the experiment measured; its page shows them.</p>");
            Table t = new Table("lab-index", "experiment", "claim", "holds here");
            for (LabResult r : results) {
                t.row(Table.raw("<a class=\"experiment-link\" href=\"" + esc(r.name()) + "/" + LabDirectory.PAGE_FILE + "\">"
                        + esc(r.name()) + "</a>"), Table.classed("claim", r.claim()), Table.raw(LabPage.holdsBadge(r)
                        + (r.skipped() != null ? " <span class=\"note\">" + esc(r.skipped()) + "</span>" : "")));
            }
            sb.append(t);
        }
        if (!unreadable.isEmpty()) {
            sb.append("<h3>Results that could not be read</h3><ul class=\"warnings\">");
            for (Unreadable u : unreadable) {
                sb.append("<li><code>").append(esc(u.name())).append("</code>: ").append(esc(u.why())).append("</li>");
            }
            sb.append("</ul>");
        }
        sb.append("</section>\n</main><footer>Written by plumb lab from the result.json files in this directory. "
                + "Self-contained: no scripts, fonts or other files are loaded.</footer></body></html>\n");
        return sb.toString();
    }
}
