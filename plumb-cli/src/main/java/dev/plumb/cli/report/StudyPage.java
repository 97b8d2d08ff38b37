package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.plumb.train.RunRecord;
import dev.plumb.tune.RecipeStep;
import dev.plumb.tune.StudyRecord;
import dev.plumb.tune.TestEvaluation;
import dev.plumb.tune.TrialResult;
import dev.plumb.tune.TrialResult.TrialState;
import dev.plumb.workflow.LearningCurve;

/**
 * study.html: one self-contained page about a tune study, in the style of the run report (inline CSS and SVG, no
 * script, nothing loaded): the summary with the chosen trial and the one test evaluation, every trial's dev error
 * over the study, dev error against each searched option, the recipe's path of verdicts and moves (why each step was
 * taken), the chosen trial's curves and a table of every trial linking to its run report. A pure rendering of
 * study.json and the trials' run records.
 */
public final class StudyPage {

    /** The sections' element ids, stable so that links and tests can find them. */
    static final List<String> SECTION_IDS = List.of("summary", "trials-over-time", "hyperparameters", "recipe-path",
            "chosen-trial", "trials");

    private static final String CSS = resource("report.css") + resource("study.css");

    static final String CHOSEN_COLOUR = "#7c3aed";
    static final String PRUNED_COLOUR = "#8c959f";
    static final String DIVERGED_COLOUR = "#cf222e";
    static final String BEST_COLOUR = "#24292f";

    private final StudyRecord study;
    private final Map<Integer, RunRecord> records;
    private final List<TrialResult> trials;
    private final boolean classification;
    private final Map<String, String> baseValues;

    private StudyPage(StudyRecord study, Map<Integer, RunRecord> records) {
        this.study = study;
        this.records = records;
        this.trials = study.trials().stream().sorted(Comparator.comparingInt(TrialResult::id)).toList();
        this.classification = records.values().stream().findFirst().map(Section::classification).orElse(true);
        this.baseValues = baseValues();
    }

    /**
     * The page of {@code study}; {@code trialRecords} holds the run records of the trials whose run directories could
     * be read (at least the chosen one's), by trial number.
     */
    public static String render(StudyRecord study, Map<Integer, RunRecord> trialRecords) {
        return new StudyPage(study, Map.copyOf(trialRecords)).page();
    }

    private record Part(String id, String title, String body) {
    }

    private String page() {
        List<Part> parts = List.of(new Part("summary", "Summary", summary()),
                new Part("trials-over-time", "Trials over time", overTime()),
                new Part("hyperparameters", "Dev error against each hyperparameter", hyperparameters()),
                new Part("recipe-path", "The recipe's path: why each step was taken", recipePath()),
                new Part("chosen-trial", "The chosen trial's curves", chosenTrial()),
                new Part("trials", "Every trial", trialsTable()));
        StringBuilder sb = new StringBuilder(64 * 1024);
        String title = "Plumb study: " + dataName();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"color-scheme\" content=\"light\">")
                // no request may leave the page, not even for a favicon
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS)
                .append("</style></head><body class=\"study\"><header><h1>Plumb study: <span class=\"dataset\">").append(esc(dataName()))
                .append("</span></h1><nav><ul>");
        for (Part p : parts) {
            sb.append("<li><a href=\"#").append(p.id()).append("\">").append(esc(p.title())).append("</a></li>");
        }
        sb.append("</ul></nav></header><main>");
        for (Part p : parts) {
            sb.append("\n<section id=\"").append(p.id()).append("\"><h2>").append(esc(p.title())).append("</h2>")
                    .append(p.body()).append("</section>");
        }
        sb.append("\n</main><footer>Written by Plumb ").append(esc(study.plumbVersion()))
                .append(" from study.json and the trials' run records. Self-contained: no scripts, fonts or other files are loaded.</footer></body></html>\n");
        return sb.toString();
    }

    private String dataName() {
        String data = study.definition().options().get("data");
        return data == null || data.isBlank() ? "study" : data;
    }

    // ---------------------------------------------------------------- 1. summary

    private String summary() {
        StringBuilder sb = new StringBuilder();
        TrialResult best = study.trial(study.best()).orElse(null);
        TestEvaluation test = study.test();
        long completed = trials.stream().filter(TrialResult::finished).count();
        long pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        sb.append("<div class=\"tiles\">");
        tile(sb, "chosen trial", best == null ? "—" : "trial " + best.id(), best == null ? "no trial finished" : values(best));
        tile(sb, "dev error", best == null ? "—" : error(best.devError()), best == null ? "" : "train " + error(best.trainError())
                + " · what the trials were ranked by");
        tile(sb, "test error", test == null ? "—" : error(test.error()), test == null ? testAbsence()
                : "evaluated once, for trial " + test.trial() + ", after the search");
        tile(sb, "trials", trials.size() + " of " + study.definition().budget(), completed + " completed"
                + (pruned > 0 ? ", " + pruned + " pruned" : "") + otherStates());
        tile(sb, "wall time", Html.num(study.seconds(), 3) + " s", "the whole study");
        sb.append("</div>");

        if (study.status() == StudyRecord.Status.INTERRUPTED) {
            sb.append("<div class=\"callout warn interrupted\"><p><strong>This study was interrupted</strong> after ")
                    .append(trials.size()).append(trials.size() == 1 ? " trial" : " trials")
                    .append("; it is not finished, and the test set has not been looked at. Resume it where it stopped (finished "
                            + "trials are kept, a trial cut short continues from its checkpoint, every setting comes from "
                            + "study.json):</p><pre><code>").append(esc(resumeCommand())).append("</code></pre></div>");
        } else if (study.status() == StudyRecord.Status.RUNNING) {
            sb.append("<div class=\"callout info\"><p><strong>This study is still running</strong>: this page shows the trials "
                    + "finished so far; the chosen trial may change and the test set has not been looked at.</p></div>");
        }
        sb.append("<p><strong>").append(statusWord()).append(":</strong> ")
                .append(esc(text(study.stopReason()).isEmpty() ? "still running" : study.stopReason())).append("</p>");
        sb.append("<p class=\"meta\">Data <code>").append(esc(dataName())).append("</code>")
                .append(text(study.data()).isBlank() ? "" : " (" + esc(study.data()) + ")")
                .append(" · strategy <code>").append(esc(study.definition().strategy())).append("</code> · budget ")
                .append(study.definition().budget()).append(" trials")
                .append(study.definition().minutes() > 0 ? " · at most " + esc(Html.num(study.definition().minutes())) + " minutes" : "")
                .append(" · started ").append(esc(study.createdAt())).append(" · Plumb ").append(esc(study.plumbVersion())).append("</p>");

        sb.append("<div class=\"pair\"><div><h3>The chosen trial</h3>");
        if (best == null) {
            sb.append(Html.absent("No trial finished training, so none was chosen and the test set was not evaluated."));
        } else {
            sb.append("<p>Chosen on dev error: ").append(trialLink(best.id(), "trial " + best.id())).append(" — ")
                    .append(esc(best.origin())).append("</p>");
            Table kv = new Table("kv chosen-options");
            chosenOptions(best).forEach((k, v) -> kv.row(k, Table.raw("<code>" + esc(v) + "</code>")));
            kv.row("train error", Table.num(error(best.trainError())))
                    .row("dev error", Table.num(error(best.devError())))
                    .row("verdict", Table.raw(verdictBadge(best.verdict())))
                    .row("epochs trained", Table.num(Integer.toString(best.epochs())));
            sb.append(kv);
            if (test != null) {
                sb.append("<p class=\"test\"><strong>Test error ").append(esc(error(test.error()))).append("</strong> on ")
                        .append(esc(Html.count(test.examples()))).append(" examples — evaluated once, for trial ").append(test.trial())
                        .append(", after the search (").append(esc(test.evaluatedAt())).append("). No trial was chosen on it, "
                                + "so it estimates the error on new data without the optimism of the dev error that picked the trial.</p>");
            } else if (study.status() == StudyRecord.Status.FINISHED) {
                sb.append("<p class=\"absent no-test\">No test evaluation: the data had no test part, so nothing measured the "
                        + "chosen trial on examples the search did not use; its dev error is optimistic, since it chose the trial.</p>");
            }
        }
        sb.append("</div><div><h3>The study's options</h3>").append(definitionTable()).append("</div></div>");
        return sb.toString();
    }

    private String otherStates() {
        StringBuilder sb = new StringBuilder();
        for (TrialState s : List.of(TrialState.DIVERGED, TrialState.PAUSED, TrialState.INTERRUPTED)) {
            long n = trials.stream().filter(t -> t.state() == s).count();
            if (n > 0) {
                sb.append(", ").append(n).append(' ').append(s.name().toLowerCase(Locale.ROOT));
            }
        }
        return sb.toString();
    }

    private String testAbsence() {
        return switch (study.status()) {
            case INTERRUPTED -> "not yet: the study was interrupted";
            case RUNNING -> "not yet: the study is running";
            case FINISHED -> study.best() == 0 ? "no trial finished" : "the data had no test part";
        };
    }

    private String statusWord() {
        return switch (study.status()) {
            case FINISHED -> "Stopped";
            case INTERRUPTED -> "Interrupted";
            case RUNNING -> "Running";
        };
    }

    /** The resume command: the one the study wrote into its stop reason, else the general form. */
    String resumeCommand() {
        String reason = text(study.stopReason());
        int at = reason.indexOf("plumb tune --resume ");
        return at >= 0 ? reason.substring(at).strip() : "plumb tune --resume <the directory holding this page>";
    }

    /** The chosen trial's options: the study's options with the trial's values in place of the searched ones. */
    private Map<String, String> chosenOptions(TrialResult t) {
        Map<String, String> out = new LinkedHashMap<>();
        study.definition().options().forEach((k, v) -> {
            if (!isDimension(v)) {
                out.put(k, v);
            }
        });
        out.putAll(t.values());
        return out;
    }

    private String definitionTable() {
        var d = study.definition();
        Table t = new Table("compact definition", "option", "value", "role");
        d.options().forEach((k, v) -> {
            Dim dim = isDimension(v) ? Dim.parse(k, v) : null;
            t.row(k, Table.raw("<code>" + esc(v) + "</code>"), dim == null ? "fixed"
                    : dim.numeric() ? "searched, " + (dim.log() ? "log" : "linear") + " range" : "searched, choices");
        });
        if ("recipe".equals(d.strategy())) {
            t.row("target", Table.num(error(d.target())), "the recipe stops within this of the optimal error");
        } else {
            t.row("prune", Boolean.toString(d.prune()), "successive halving on epochs");
            if ("grid".equals(d.strategy())) {
                t.row("grid points", Table.num(Integer.toString(d.gridPoints())), "points per range");
            }
        }
        t.row("learning curve", Boolean.toString(d.learningCurve()), "of the chosen trial, after the search");
        return t.toString();
    }

    // ---------------------------------------------------------------- 2. trials over time

    private String overTime() {
        if (trials.isEmpty()) {
            return Html.absent("No trial has run yet.");
        }
        double scale = scale();
        int n = trials.get(trials.size() - 1).id();
        double[] y = {0, errorTop(true)};
        Svg svg = new Svg(1000, 340, "Train and dev error of every trial in trial order, with the running best dev error")
                .scales(Svg.Axis.linear(0.5, n + 0.5), Svg.Axis.linear(0, y[1]));
        svg.axes(Ticks.integers(1, n, 20), "trial (in the order the strategy proposed them)", Ticks.linear(0, y[1], 5), errorLabel("error"));

        // the running best: the lowest dev error of the finished trials so far, as a step line
        StringBuilder d = new StringBuilder();
        double running = Double.NaN;
        for (TrialResult t : trials) {
            if (!t.finished() || !Double.isFinite(t.devError())) {
                continue;
            }
            double before = running;
            running = Double.isNaN(running) ? t.devError() : Math.min(running, t.devError());
            if (Double.isNaN(before)) {
                d.append(String.format(Locale.ROOT, "M%.1f %.1f ", svg.px(t.id() - 0.5), svg.py(running * scale)));
            } else {
                d.append(String.format(Locale.ROOT, "L%.1f %.1f L%.1f %.1f ", svg.px(t.id() - 0.5), svg.py(before * scale),
                        svg.px(t.id() - 0.5), svg.py(running * scale)));
            }
        }
        if (!Double.isNaN(running)) {
            d.append(String.format(Locale.ROOT, "L%.1f %.1f", svg.px(n + 0.5), svg.py(running * scale)));
            svg.pathPx("running-best", d.toString().trim(), BEST_COLOUR, 1.5, "running best dev error: " + error(running));
        }
        boolean labels = trials.size() <= 40;
        for (TrialResult t : trials) {
            if (Double.isFinite(t.trainError())) {
                // a dash, not a dot: it must not fill a pruned trial's hollow dev dot when the two errors are close
                svg.rectPx(svg.px(t.id()) - 7, svg.py(Math.min(y[1], t.trainError() * scale)) - 1.5, 14, 3,
                        t.finished() ? Html.TRAIN_COLOUR : Html.tint(Html.TRAIN_COLOUR, 0.4),
                        "trial " + t.id() + ": train error " + error(t.trainError()));
            }
        }
        for (TrialResult t : trials) {
            if (!Double.isFinite(t.devError())) {
                continue;
            }
            double v = t.devError() * scale;
            devMarker(svg, t.id(), Math.min(v, y[1]), t, values(t) + "; " + stateText(t));
            String pruned = t.state() == TrialState.PRUNED ? "pruned @" + t.epochs() : "";
            if (v > y[1]) {
                // off the top: on the edge, with its value below it
                svg.text(svg.px(t.id()), svg.py(y[1]) + 18, "middle", "pruned-label", "↑ " + error(t.devError())
                        + (labels && !pruned.isEmpty() ? " @" + t.epochs() : ""));
            } else if (labels && !pruned.isEmpty()) {
                svg.text(svg.px(t.id()), svg.py(v) - 10, "middle", "pruned-label", pruned);
            }
        }
        TrialResult best = study.trial(study.best()).orElse(null);
        if (best != null) {
            svg.marker(best.id(), best.devError() * scale, 10, "chosen-ring", "none", CHOSEN_COLOUR, "chosen: trial " + best.id());
            boolean right = best.id() > n * 0.8;
            svg.text(svg.px(best.id()) + (right ? -12 : 12), svg.py(best.devError() * scale) - 12, right ? "end" : "start",
                    "chosen-label", "chosen: trial " + best.id());
        }
        StringBuilder sb = new StringBuilder("<figure>").append(svg)
                .append("<figcaption>Each trial's dev error (what trials are ranked by) and train error after its last epoch. "
                        + "Hollow grey: pruned by successive halving, at the epoch written above it (its errors are those of that "
                        + "epoch); hollow red: diverged. The step line is the lowest dev error of the trials finished so far."
                        + (clipped(true, y[1]) > 0 ? " Trials far above the finished ones are drawn on the top edge, with their "
                        + "error (↑) below them, so that the finished trials are not squashed at the bottom." : "")
                        + "</figcaption></figure>");
        sb.append(Html.legend(List.of("dev error (completed)", "train error", "pruned (hollow)", "diverged", "running best dev error",
                "chosen trial"), List.of(Html.DEV_COLOUR, Html.TRAIN_COLOUR, PRUNED_COLOUR, DIVERGED_COLOUR, BEST_COLOUR, CHOSEN_COLOUR)));
        return sb.toString();
    }

    /**
     * The top of an error axis, in display units: the largest error, unless a few trials that did not finish (pruned at
     * an early rung, diverged; at most a quarter of them) lie far above the finished ones; then the axis fits the finished
     * trials and those few are drawn on its top edge, so that the trials that matter are not squashed at the bottom.
     */
    private double errorTop(boolean withTrain) {
        double all = 0;
        double finished = 0;
        for (TrialResult t : trials) {
            double v = Math.max(finite(t.devError()), withTrain ? finite(t.trainError()) : 0) * scale();
            all = Math.max(all, v);
            finished = t.finished() ? Math.max(finished, v) : finished;
        }
        double top = all * 1.08;
        if (finished > 0 && all > 2.5 * finished) {
            double fitted = Ticks.niceRange(0, finished * 1.6, 5)[1];
            top = clipped(withTrain, fitted) <= Math.max(1, trials.size() / 4) ? finished * 1.6 : top;
        }
        return Ticks.niceRange(0, top > 0 ? top : 1, 5)[1];
    }

    /** How many trials' dev error lies above {@code top}. */
    private long clipped(boolean withTrain, double top) {
        return trials.stream().filter(t -> Math.max(finite(t.devError()), withTrain ? finite(t.trainError()) : 0) * scale() > top).count();
    }

    /** A trial's dev-error dot: filled when completed, hollow grey when pruned, hollow red when diverged. */
    private void devMarker(Svg svg, double x, double y, TrialResult t, String detail) {
        String title = "trial " + t.id() + ": dev error " + error(t.devError()) + ", train " + error(t.trainError()) + " — " + detail;
        String chosen = t.id() == study.best() ? " chosen" : "";
        switch (t.state()) {
            case COMPLETED -> svg.marker(x, y, 5.5, "trial completed" + chosen, Html.DEV_COLOUR, "#ffffff", title);
            case PRUNED -> svg.marker(x, y, 5, "trial pruned" + chosen, "none", PRUNED_COLOUR, title);
            case DIVERGED -> svg.marker(x, y, 5, "trial diverged" + chosen, "none", DIVERGED_COLOUR, title);
            default -> svg.marker(x, y, 5, "trial unfinished" + chosen, "#ffffff", PRUNED_COLOUR, title);
        }
    }

    private static String stateText(TrialResult t) {
        return switch (t.state()) {
            case COMPLETED -> "completed, " + t.epochs() + " epochs";
            case PRUNED -> "pruned at epoch " + t.epochs();
            case PAUSED -> "paused at a rung after epoch " + t.epochs();
            case DIVERGED -> "diverged after epoch " + t.epochs();
            case INTERRUPTED -> "interrupted after epoch " + t.epochs();
        };
    }

    // ---------------------------------------------------------------- 3. dev error against each hyperparameter

    /** An option the study varied, as the page draws it. */
    record Dim(String key, boolean numeric, boolean log, double lo, double hi, List<String> categories) {

        /** A dimension as written on the command line: LOW..HIGH[:log|:linear] or A|B|C. */
        static Dim parse(String key, String text) {
            String t = text.strip();
            if (!t.contains("|") && t.contains("..")) {
                boolean log = t.endsWith(":log");
                String body = t.replaceFirst(":(log|linear)$", "");
                int dots = body.indexOf("..");
                try {
                    return new Dim(key, true, log, Double.parseDouble(body.substring(0, dots).strip()),
                            Double.parseDouble(body.substring(dots + 2).strip()), List.of());
                } catch (NumberFormatException e) {
                    // shown as choices below
                }
            }
            List<String> values = new ArrayList<>();
            for (String v : t.split("\\|", -1)) {
                values.add(v.strip());
            }
            return new Dim(key, false, false, Double.NaN, Double.NaN, values);
        }
    }

    /** Whether an option value is a search dimension rather than a fixed value: it holds {@code ..} or {@code |}. */
    static boolean isDimension(String value) {
        return value != null && (value.contains("..") || value.contains("|"));
    }

    /** The options the study varied: the definition's dimensions, then any other key of the trials' values (recipe moves). */
    List<Dim> dimensions() {
        List<Dim> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        study.definition().options().forEach((k, v) -> {
            if (isDimension(v)) {
                out.add(Dim.parse(k, v));
                seen.add(k);
            }
        });
        Set<String> moved = new TreeSet<>();
        trials.forEach(t -> moved.addAll(t.values().keySet()));
        for (String key : moved) {
            if (seen.contains(key)) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (TrialResult t : trials) {
                String v = t.values().containsKey(key) ? t.values().get(key) : baseValues.get(key);
                if (v != null && !texts.contains(v)) {
                    texts.add(v);
                }
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            boolean numeric = !texts.isEmpty();
            for (String v : texts) {
                double x = number(v);
                numeric &= Double.isFinite(x);
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            if (numeric) {
                out.add(new Dim(key, true, lo > 0 && hi / lo >= 50, lo, hi, List.of()));
            } else {
                out.add(new Dim(key, false, false, Double.NaN, Double.NaN, texts));
            }
        }
        return out;
    }

    private String hyperparameters() {
        List<Dim> dims = dimensions();
        if (dims.isEmpty()) {
            return Html.absent("The study varied no option: every trial ran with the same options.");
        }
        StringBuilder sb = new StringBuilder("<p>Dev error of each trial against the value it gave each option the study "
                + ("recipe".equals(study.definition().strategy()) ? "moved (the recipe's moves)" : "searched")
                + ". Filled: completed; hollow grey: pruned (dev error at the epoch it was stopped); ringed: the chosen trial.</p>");
        sb.append("<div class=\"small-multiples\">");
        for (Dim dim : dims) {
            sb.append("<figure class=\"dimension\">").append(dimensionChart(dim)).append("</figure>");
        }
        return sb.append("</div>").toString();
    }

    private String dimensionChart(Dim dim) {
        double scale = scale();
        double[] y = {0, errorTop(false)};
        String label = "Dev error against " + dim.key();
        Svg svg = new Svg(340, 250, label, 54, 14, 12, 46);
        List<String> notDrawn = new ArrayList<>();
        double[] chosenAt = null;
        if (dim.numeric()) {
            double lo = dim.lo();
            double top = dim.hi();
            for (TrialResult t : trials) {
                double v = number(valueOf(t, dim.key()));
                if (Double.isFinite(v) && (!dim.log() || v > 0)) {
                    lo = Math.min(lo, v);
                    top = Math.max(top, v);
                }
            }
            Svg.Axis x;
            List<Ticks.Tick> ticks;
            if (dim.log()) {
                x = Svg.Axis.log10(lo / 1.25, top * 1.25);
                ticks = Ticks.log(lo / 1.25, top * 1.25);
            } else {
                double pad = top > lo ? (top - lo) * 0.06 : Math.max(1e-9, Math.abs(lo) * 0.1 + 0.5);
                x = Svg.Axis.linear(lo - pad, top + pad);
                ticks = Ticks.linear(lo - pad, top + pad, 4);
            }
            svg.scales(x, Svg.Axis.linear(0, y[1]));
            svg.axes(ticks, dim.key() + (dim.log() ? " (log scale)" : ""), Ticks.linear(0, y[1], 4), errorLabel("dev error"));
            for (TrialResult t : trials) {
                String text = valueOf(t, dim.key());
                double v = number(text);
                if (!Double.isFinite(v) || (dim.log() && v <= 0)) {
                    notDrawn.add(Integer.toString(t.id()));
                    continue;
                }
                if (Double.isFinite(t.devError())) {
                    devMarker(svg, v, Math.min(y[1], t.devError() * scale), t, dim.key() + " " + text);
                    chosenAt = t.id() == study.best() ? new double[] {v, t.devError() * scale} : chosenAt;
                }
            }
        } else {
            List<String> categories = new ArrayList<>(dim.categories());
            for (TrialResult t : trials) {
                String v = valueOf(t, dim.key());
                if (!categories.contains(v)) {
                    categories.add(v);
                }
            }
            svg.scales(Svg.Axis.linear(0, categories.size()), Svg.Axis.linear(0, y[1]));
            List<Ticks.Tick> ticks = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                ticks.add(new Ticks.Tick(i + 0.5, categories.get(i)));
            }
            svg.axes(ticks, dim.key(), Ticks.linear(0, y[1], 4), errorLabel("dev error"));
            int[] count = new int[categories.size()];
            trials.forEach(t -> count[categories.indexOf(valueOf(t, dim.key()))]++);
            int[] seen = new int[categories.size()];
            for (TrialResult t : trials) {
                String v = valueOf(t, dim.key());
                int c = categories.indexOf(v);
                int k = seen[c]++;
                // side by side, centred on the category, so that equal values stay visible; a lone trial sits on its tick
                int row = Math.min(count[c], 7);
                double jitter = ((k % 7) - (row - 1) / 2.0) * Math.min(0.06, 0.4 / 7);
                if (Double.isFinite(t.devError())) {
                    devMarker(svg, c + 0.5 + jitter, Math.min(y[1], t.devError() * scale), t, dim.key() + " " + v);
                    chosenAt = t.id() == study.best() ? new double[] {c + 0.5 + jitter, t.devError() * scale} : chosenAt;
                }
            }
        }
        if (chosenAt != null) {
            svg.marker(chosenAt[0], chosenAt[1], 9, "chosen-ring", "none", CHOSEN_COLOUR, "chosen: trial " + study.best());
        }
        return svg + caption(dim, notDrawn, clipped(false, y[1]));
    }

    private String caption(Dim dim, List<String> notDrawn, long clipped) {
        StringBuilder sb = new StringBuilder("<figcaption><code>").append(esc(dim.key())).append("</code>");
        String given = study.definition().options().get(dim.key());
        sb.append(given != null && isDimension(given) ? " searched over <code>" + esc(given) + "</code>" : " as the recipe moved it");
        List<String> base = trials.stream().filter(t -> !t.values().containsKey(dim.key())).map(t -> Integer.toString(t.id())).toList();
        if (baseValues.containsKey(dim.key()) && !base.isEmpty() && (given == null || isDimension(given))) {
            sb.append("; trial").append(base.size() == 1 ? " " : "s ").append(esc(String.join(", ", base)))
                    .append(" ran with the base value ").append(esc(baseValues.get(dim.key())))
                    .append(", where the recipe's first move on it started");
        }
        if (!notDrawn.isEmpty()) {
            sb.append("; not drawn: trial").append(notDrawn.size() == 1 ? " " : "s ").append(esc(String.join(", ", notDrawn)))
                    .append(" (Plumb's default, not recorded in the study)");
        }
        if (clipped > 0) {
            sb.append("; ").append(clipped).append(clipped == 1 ? " trial" : " trials").append(" far above the others on the top edge");
        }
        return sb.append(".</figcaption>").toString();
    }

    /**
     * A trial's value of an option: its own, else the study's fixed value, else the base value a recipe move started
     * from, else "default".
     */
    private String valueOf(TrialResult t, String key) {
        String v = t.values().get(key);
        if (v != null) {
            return v;
        }
        String fixed = study.definition().options().get(key);
        if (fixed != null && !isDimension(fixed)) {
            return fixed;
        }
        return baseValues.getOrDefault(key, "default");
    }

    /**
     * The values the study's base run had for options it did not record: a trial without a value of an option ran
     * with the base's, and a recipe move from such a trial says what that was ("l2 0.0 → 1.0" from trial 2, which has
     * no l2).
     */
    private Map<String, String> baseValues() {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern change = Pattern.compile("^(\\S+) (.+?) → .+$");
        for (RecipeStep s : study.path()) {
            TrialResult from = study.trial(s.fromTrial()).orElse(null);
            for (RecipeStep.Move m : s.moves()) {
                Matcher x = change.matcher(m.description());
                if (from != null && x.matches() && !from.values().containsKey(x.group(1))
                        && study.trial(m.trial()).map(t -> t.values().containsKey(x.group(1))).orElse(false)) {
                    out.putIfAbsent(x.group(1), x.group(2));
                }
            }
        }
        return out;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            return Double.NaN;
        }
    }

    // ---------------------------------------------------------------- 4. the recipe's path

    private String recipePath() {
        if (study.path().isEmpty()) {
            return Html.absent("recipe".equals(study.definition().strategy())
                    ? "The recipe has not taken a step yet."
                    : "A " + study.definition().strategy() + " search takes no steps: it tries points of the space and keeps the "
                            + "lowest dev error. Run with --strategy recipe to have each step chosen from the bias/variance verdict.");
        }
        StringBuilder sb = new StringBuilder("<p>Each step reads the bias/variance verdict of the model being improved, works on "
                + "the larger gap (avoidable bias: more capacity; variance: more regularization), tries one move per axis, and keeps "
                + "the move that lowers dev error most.</p><ol class=\"timeline\">");
        for (RecipeStep s : study.path()) {
            sb.append("<li class=\"step\" id=\"step-").append(s.step()).append("\">");
            sb.append("<div class=\"step-head\"><span class=\"step-no\">Step ").append(s.step()).append("</span> improving ")
                    .append(trialLink(s.fromTrial(), "trial " + s.fromTrial())).append(": train ").append(esc(error(s.trainError())))
                    .append(" · dev ").append(esc(error(s.devError()))).append(" · ").append(verdictBadge(s.verdict())).append("</div>");
            sb.append("<div class=\"step-body\"><figure class=\"gaps\">").append(gapChart(s)).append("</figure><div>");
            sb.append("<p class=\"problem\"><strong>Worked on:</strong> ").append(esc(s.problem())).append("</p>");
            if (s.moves().isEmpty()) {
                sb.append("<p class=\"no-moves\">No move tried.</p>");
            } else {
                Table moves = new Table("compact moves", "trial", "axis", "move", "dev error", "vs trial " + s.fromTrial());
                for (RecipeStep.Move m : s.moves()) {
                    double delta = m.devError() - s.devError();
                    moves.styledRow(m.trial() == s.kept() ? "kept" : "", Table.raw(trialLink(m.trial(), Integer.toString(m.trial()))),
                            m.axis(), m.description(), Table.num(error(m.devError())),
                            Table.classed(delta < -1e-12 ? "num better" : delta > 1e-12 ? "num worse" : "num", signed(delta)));
                }
                sb.append(moves);
            }
            sb.append("<p class=\"decision\"><strong>Decision:</strong> ")
                    .append(s.kept() > 0 ? Html.badge("good", "kept trial " + s.kept()) : Html.badge("info", "nothing kept"))
                    .append(' ').append(esc(s.decision())).append("</p>");
            sb.append("</div></div></li>");
        }
        return sb.append("</ol>").toString();
    }

    /** The step's two gaps as a bar pair: avoidable bias (train − optimal) and variance (dev − train), the larger in full colour. */
    private String gapChart(RecipeStep s) {
        double scale = scale();
        double bias = s.avoidableBias() * scale;
        double variance = s.variance() * scale;
        double max = Math.max(0.1, Math.max(finite(bias), finite(variance)));
        double[] x = Ticks.niceRange(0, max * 1.3, 4);
        Svg svg = new Svg(320, 128, "Step " + s.step() + ": avoidable bias and variance of trial " + s.fromTrial(), 104, 14, 8, 40)
                .scales(Svg.Axis.linear(0, x[1]), Svg.Axis.linear(0, 2));
        svg.axes(Ticks.linear(0, x[1], 4), classification ? "gap (percentage points)" : "gap (MSE)", List.of(), "");
        boolean biasLarger = finite(bias) >= finite(variance);
        row(svg, 1.5, "avoidable bias", bias, biasLarger ? Html.TRAIN_COLOUR : Html.tint(Html.TRAIN_COLOUR, 0.35),
                "train − optimal (" + error(s.optimalError()) + ")");
        row(svg, 0.5, "variance", variance, biasLarger ? Html.tint(Html.DEV_COLOUR, 0.35) : Html.DEV_COLOUR, "dev − train");
        return svg.toString();
    }

    private void row(Svg svg, double at, String name, double value, String colour, String what) {
        double v = finite(value);
        svg.text(svg.plotLeft() - 8, svg.py(at) + 4, "end", "row-label", name);
        svg.rect(0, at - 0.3, Math.max(0, v), at + 0.3, colour, name + " = " + what + ": " + Html.num(v, 3) + (classification ? " points" : ""));
        svg.text(svg.px(Math.max(0, v)) + 4, svg.py(at) + 4, "start", "value", Html.num(v, 3));
    }

    private String signed(double delta) {
        String s = classification ? String.format(Locale.ROOT, "%+.2f pts", delta * 100) : (delta >= 0 ? "+" : "") + Html.num(delta);
        return s.replace("-", "−");
    }

    // ---------------------------------------------------------------- 5. the chosen trial's curves

    private String chosenTrial() {
        TrialResult best = study.trial(study.best()).orElse(null);
        if (best == null) {
            return Html.absent("No trial was chosen: none finished training.");
        }
        StringBuilder sb = new StringBuilder("<p>").append(trialLink(best.id(), "Trial " + best.id()))
                .append(" (").append(esc(values(best))).append("). Its full run report: ")
                .append(trialLink(best.id(), reportPath(best.id()))).append(".</p>");
        sb.append("<h3>Error and cost per epoch</h3>");
        RunRecord record = records.get(best.id());
        if (record == null) {
            sb.append(Html.absent("The run record of trial " + best.id() + " could not be read, so its per-epoch history is not shown."));
        } else {
            sb.append("<div class=\"epochs\">").append(new LearningCurvesSection(record).body()).append("</div>");
        }
        sb.append("<h3>Learning curve: error against training-set size</h3>");
        LearningCurve curve = study.learningCurve();
        if (curve == null) {
            sb.append(Html.absent(study.definition().learningCurve() && study.status() != StudyRecord.Status.FINISHED
                    ? "Made after the search; this study has not finished."
                    : study.definition().learningCurve() ? "Not made: a learning curve is made for classification data."
                    : "Not asked for (--learning-curve false)."));
        } else {
            sb.append("<p>The chosen trial's options trained again on growing parts of the training set; the dev set is "
                    + "fixed and the test set untouched. The verdict is the chart's caption.</p>");
            sb.append("<div class=\"pair\"><div>").append(CurveCharts.learningCurve(curve)).append("</div><div>");
            Table t = new Table("numbers compact learning-curve", "part of train", "examples", "train error", "dev error");
            int n = Math.min(curve.fractions().size(), Math.min(curve.trainErrors().size(), curve.devErrors().size()));
            for (int i = 0; i < n; i++) {
                t.row(Html.num(curve.fractions().get(i) * 100, 3) + " %", i < curve.examples().size() ? curve.examples().get(i) : "—",
                        Table.num(error(curve.trainErrors().get(i))), Table.num(error(curve.devErrors().get(i))));
            }
            sb.append(t).append("</div></div>");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- 6. every trial

    private String trialsTable() {
        if (trials.isEmpty()) {
            return Html.absent("No trial has run yet.");
        }
        Table t = new Table("compact trials", "trial", "origin", "values", "state", "epochs", errorLabel("train"), errorLabel("dev"),
                "verdict", "seconds", "note");
        for (TrialResult r : trials) {
            String css = (r.id() == study.best() ? "chosen " : "") + r.state().name().toLowerCase(Locale.ROOT);
            t.styledRow(css, Table.raw(trialLink(r.id(), Integer.toString(r.id())) + (r.id() == study.best() ? " "
                    + Html.badge("info", "chosen") : "")), r.origin(), values(r),
                    Table.classed("state", r.state().name().toLowerCase(Locale.ROOT)), Table.num(Integer.toString(r.epochs())),
                    Table.num(errorNumber(r.trainError())), Table.num(errorNumber(r.devError())),
                    Table.raw(verdictBadge(r.verdict())), Table.num(String.format(Locale.ROOT, "%.2f", r.seconds())),
                    Table.classed("note", r.note()));
        }
        return "<p>Every trial in the order it was proposed; each number links to the trial's run report.</p><div class=\"scroll\">"
                + t + "</div>";
    }

    // ---------------------------------------------------------------- helpers

    private double scale() {
        return classification ? 100 : 1;
    }

    private String errorLabel(String what) {
        return what + (classification ? " (%)" : " (MSE)");
    }

    private String error(double rate) {
        return classification ? Html.pct(rate) : Html.num(rate);
    }

    /** An error in a column whose heading gives the unit: 0.0251 → "2.51" (percent) for a classifier. */
    private String errorNumber(double rate) {
        return classification && Double.isFinite(rate) ? String.format(Locale.ROOT, "%.2f", rate * 100) : Html.num(rate);
    }

    /** A string a hand-edited or older study.json may lack, as "". */
    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    /** The trial's values as "layers 64 · l2 9.0"; the base options when it has none. */
    static String values(TrialResult t) {
        if (t.values().isEmpty()) {
            return "the study's base options";
        }
        List<String> parts = new ArrayList<>();
        t.values().forEach((k, v) -> parts.add(k + " " + v));
        return String.join(" · ", parts);
    }

    /** The relative path of a trial's run report from the study directory. */
    static String reportPath(int trial) {
        return String.format(Locale.ROOT, "trial-%03d/report.html", trial);
    }

    private static String trialLink(int trial, String text) {
        return "<a class=\"trial-link\" href=\"" + reportPath(trial) + "\">" + esc(text) + "</a>";
    }

    static String verdictBadge(String verdict) {
        if (verdict == null || verdict.isBlank()) {
            return "";
        }
        String v = verdict.toLowerCase(Locale.ROOT);
        String kind = v.contains("high bias") && v.contains("high variance") ? "bad"
                : v.contains("high") ? "warn" : v.contains("low bias and low variance") ? "good" : "info";
        return Html.badge(kind, verdict);
    }

    private static void tile(StringBuilder sb, String label, String value, String note) {
        sb.append("<div class=\"tile\"><div class=\"tile-label\">").append(esc(label)).append("</div><div class=\"tile-value\">")
                .append(esc(value)).append("</div><div class=\"tile-note\">").append(esc(note)).append("</div></div>");
    }

    private static String resource(String name) {
        try (InputStream in = StudyPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the plumb-cli jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
