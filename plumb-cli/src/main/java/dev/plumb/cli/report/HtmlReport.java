package dev.plumb.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunAnalysis;

/**
 * Renders a run as one self-contained HTML page: inline CSS, charts as inline SVG drawn here, no script,
 * no external resource of any kind, so it opens offline and makes no network request. It is a pure
 * rendering of the run record and its analysis: nothing is trained or recomputed, only formatted and scaled.
 */
public final class HtmlReport {

    private static final String CSS = readCss();

    private HtmlReport() {
    }

    /**
     * The report of {@code record}; {@code analysis} (test confusion matrix, weight histograms, decision
     * boundary, diagnostics) may be null for a run saved without one, and its sections then say so.
     */
    public static String render(RunRecord record, RunAnalysis analysis) {
        List<Section> sections = sections(record, analysis);
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light\">")
                // no request may leave the page, not even for a favicon
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>Plumb run: ").append(Html.esc(record.setup().dataset())).append("</title><style>").append(CSS)
                .append("</style></head><body><header><h1>Plumb run: <span class=\"dataset\">").append(Html.esc(record.setup().dataset()))
                .append("</span></h1><nav><ul>");
        for (Section s : sections) {
            sb.append("<li><a href=\"#").append(s.id()).append("\">").append(Html.esc(s.title())).append("</a></li>");
        }
        sb.append("</ul></nav></header><main>");
        for (Section s : sections) {
            sb.append("\n<section id=\"").append(s.id()).append("\"><h2>").append(Html.esc(s.title())).append("</h2>")
                    .append(s.body()).append("</section>");
        }
        sb.append("\n</main><footer>Written by Plumb ").append(Html.esc(record.plumbVersion()))
                .append(" from run.json and analysis.json. Self-contained: no scripts, fonts or other files are loaded.</footer></body></html>\n");
        return sb.toString();
    }

    static List<Section> sections(RunRecord record, RunAnalysis analysis) {
        boolean any = analysis != null;
        return List.of(new SummarySection(record), new DataSection(record), new ModelSection(record),
                new LearningCurvesSection(record), new BiasVarianceSection(record, analysis),
                new GradientCheckSection(any ? analysis.gradientCheck() : null),
                new HealthSection(any ? analysis.health() : null, record.training()), new InitializationSection(any ? analysis.initialization() : null),
                new WeightsSection(record, analysis), new ConfusionSection(analysis), new DecisionBoundarySection(record, analysis));
    }

    /** The report's style sheet, shared by every page Plumb writes (the curves page, say). */
    static String css() {
        return CSS;
    }

    private static String readCss() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the plumb-cli jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
