package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.List;
import java.util.Map;

import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.ValidationCurve;

/**
 * The page {@code plumb curves} writes (curves.html): what was run — the data, the curve asked for and every option of
 * the spec — then the chart with its verdict and the numbers as a table. Self-contained like the run report (the same
 * style sheet inline, no script, no request), and a pure rendering of what curves.json holds.
 */
public final class CurvesPage {

    private CurvesPage() {
    }

    /** The page of a learning curve measured with {@code options} (every option of the spec, defaults resolved). */
    public static String learning(Map<String, String> options, LearningCurve curve) {
        StringBuilder run = new StringBuilder("<p>A <strong>learning curve</strong> on <code>").append(esc(curve.source()))
                .append("</code>: one network per training-set size, each trained from scratch on a seeded");
        // subsets are stratified for classes only: a regression task's are plain draws whatever --stratify says
        boolean stratified = Boolean.parseBoolean(options.getOrDefault("stratify", "false"))
                && "classification".equals(options.get("task"));
        run.append(stratified ? ", stratified" : "")
                .append(" subset of the training part — <code>--train-sizes ")
                .append(esc(String.join(",", curve.fractions().stream().map(Html::num).toList())))
                .append("</code>, that is ").append(esc(String.join(", ", curve.examples().stream().map(Html::count).toList())))
                .append(" examples — and measured on the whole, fixed dev part. The test part is not used.</p>");
        run.append(options(options, null));

        Table t = new Table("numbers", "size (of train)", "examples", "train error", "dev error", "dev − train gap");
        for (int i = 0; i < curve.examples().size(); i++) {
            double train = curve.trainErrors().get(i);
            double dev = curve.devErrors().get(i);
            t.row(Html.num(curve.fractions().get(i)), curve.examples().get(i), train, dev, dev - train);
        }
        String body = CurveCharts.learningCurve(curve) + "<p class=\"note\">Optimal error "
                + esc(Html.num(curve.bayesError())) + " (<code>--bayes-error</code>), the line the verdict measures bias "
                + "against.</p>" + t;
        return page("Plumb learning curve: " + curve.source(), run.toString(), "learning-curve", "Learning curve", body);
    }

    /** The page of a validation curve measured with {@code options} (the spec the varied option was rewritten in). */
    public static String validation(Map<String, String> options, ValidationCurve curve) {
        StringBuilder run = new StringBuilder("<p>A <strong>validation curve</strong> on <code>").append(esc(curve.source()))
                .append("</code>: one network per value of <code>").append(esc(curve.parameter())).append("</code> — <code>--param ")
                .append(esc(curve.parameter())).append('=').append(esc(String.join(",", curve.values())))
                .append("</code> — each trained from scratch on the same training part with every other option as below, and "
                        + "measured on the same dev part. The test part is not used.</p>");
        run.append(options(options, curve));

        Table t = new Table("numbers", curve.parameter(), "train error", "dev error", "dev − train gap", "");
        for (int i = 0; i < curve.values().size(); i++) {
            double train = curve.trainErrors().get(i);
            double dev = curve.devErrors().get(i);
            boolean best = i == curve.values().indexOf(curve.best());
            t.styledRow(best ? "kept" : "", curve.values().get(i), train, dev, dev - train, best ? "lowest dev error" : "");
        }
        String body = CurveCharts.validationCurve(curve) + t;
        return page("Plumb validation curve: " + curve.parameter() + " on " + curve.source(), run.toString(),
                "validation-curve", "Validation curve of " + curve.parameter(), body);
    }

    // every option of the spec; for a validation curve the varied one shows its values, not the base value it replaced
    private static String options(Map<String, String> options, ValidationCurve varied) {
        StringBuilder sb = new StringBuilder("<h3>Every option</h3><dl class=\"options\">");
        for (Map.Entry<String, String> e : options.entrySet()) {
            boolean isVaried = varied != null && e.getKey().equals(varied.parameter());
            String value = isVaried ? "varied: " + String.join(", ", varied.values()) : e.getValue().isEmpty() ? "—" : e.getValue();
            sb.append(isVaried ? "<div class=\"varied\">" : "<div>").append("<dt>").append(esc(e.getKey())).append("</dt><dd>")
                    .append(esc(value)).append("</dd></div>");
        }
        return sb.append("</dl>").toString();
    }

    private static String page(String title, String run, String curveId, String curveTitle, String curve) {
        StringBuilder sb = new StringBuilder(32 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light\">")
                // no request may leave the page, not even for a favicon
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(HtmlReport.css())
                .append("</style></head><body><header><h1>").append(esc(title)).append("</h1><nav><ul>");
        for (List<String> link : List.of(List.of("what-was-run", "What was run"), List.of(curveId, curveTitle))) {
            sb.append("<li><a href=\"#").append(link.get(0)).append("\">").append(esc(link.get(1))).append("</a></li>");
        }
        sb.append("</ul></nav></header><main>")
                .append("\n<section id=\"what-was-run\"><h2>What was run</h2>").append(run).append("</section>")
                .append("\n<section id=\"").append(curveId).append("\"><h2>").append(esc(curveTitle)).append("</h2>")
                .append(curve).append("</section>")
                .append("\n</main><footer>Written by plumb curves from curves.json. Self-contained: no scripts, fonts or "
                        + "other files are loaded.</footer></body></html>\n");
        return sb.toString();
    }
}
