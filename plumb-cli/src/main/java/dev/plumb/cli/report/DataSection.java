package dev.plumb.cli.report;

import static dev.plumb.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.data.LeakageReport;
import dev.plumb.data.Normalizer.State;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.TextDecoding;
import dev.plumb.train.RunRecord;

/**
 * The data and its split: part sizes, class balance per part (grouped bars), the leakage check, the
 * normalizer's statistics fitted on train (μ ± σ or min…max per feature), and the augmentation.
 */
final class DataSection implements Section {

    /** Features drawn in the normalization chart and listed in its table. */
    static final int MAX_CHART_FEATURES = 256;
    static final int MAX_TABLE_FEATURES = 12;

    private final RunRecord record;

    DataSection(RunRecord record) {
        this.record = record;
    }

    @Override
    public String id() {
        return "data-and-split";
    }

    @Override
    public String title() {
        return "Data and split";
    }

    @Override
    public String body() {
        StringBuilder sb = new StringBuilder();
        SplitManifest split = record.setup().split();
        if (split == null) {
            sb.append(Html.absent("No split manifest in this run record: the data was split by the caller."));
        } else {
            splitTable(sb, split);
            classBalance(sb, split);
            leakage(sb, split.leakage());
        }
        normalization(sb, record.setup().normalizer());
        sb.append("<h3>Augmentation</h3><p>Training batches: <code>")
                .append(esc(record.setup().augmentation() == null ? "none" : record.setup().augmentation())).append("</code>")
                .append(" (dev and test data are never augmented).</p>");
        return sb.toString();
    }

    private static void splitTable(StringBuilder sb, SplitManifest split) {
        long total = split.parts().stream().mapToLong(SplitManifest.Part::size).sum();
        sb.append("<p>Split by <strong>").append(esc(split.method())).append("</strong>");
        if (!split.settings().isEmpty()) {
            sb.append(" ").append(esc(split.settings().stream().map(Html::num).toList().toString()));
        }
        sb.append(split.seed() == null ? "" : ", seed " + split.seed())
                .append(split.stratified() ? ", stratified by class" : ", not stratified").append(".</p>");
        if (split.rowsDropped() > 0) {
            sb.append("<p class=\"rows-dropped\"><strong>").append(Html.count(split.rowsDropped()))
                    .append(split.rowsDropped() == 1 ? " row" : " rows").append("</strong> with a missing or empty value ")
                    .append(split.rowsDropped() == 1 ? "was" : "were").append(" dropped while reading the data, before the split ")
                    .append("(<code>--allow-missing</code>); the parts below hold the rows kept.</p>");
        }
        TextDecoding text = split.textDecoding();
        if (text != null) {
            sb.append("<p class=\"text-decoding\">Documents read as <code>").append(esc(text.encoding()))
                    .append("</code>, undecodable bytes: <code>").append(esc(text.undecodable())).append("</code>. ");
            if (text.documentsReplaced() == 0) {
                sb.append("Every document was valid ").append(esc(text.encoding())).append(".</p>");
            } else {
                sb.append("<strong>").append(Html.count(text.documentsReplaced())).append(" of ").append(Html.count(text.documents()))
                        .append(text.documents() == 1 ? " document" : " documents").append("</strong> had bytes that are not ")
                        .append(esc(text.encoding())).append(", read as U+FFFD (").append(Html.count(text.sequencesReplaced()))
                        .append(text.sequencesReplaced() == 1 ? " byte sequence" : " byte sequences").append("); pass the files' ")
                        .append("encoding with <code>--encoding</code>, or <code>--undecodable fail</code> to find them.</p>");
            }
        }
        Table t = new Table("numbers", "part", "examples", "share", "SHA-256 of the example indices");
        for (SplitManifest.Part p : split.parts()) {
            String hash = p.indexHash() == null ? "" : p.indexHash();
            t.row(p.name(), p.size(), total == 0 ? "—" : Html.pct((double) p.size() / total),
                    Table.raw("<code title=\"" + esc(hash) + "\">" + esc(hash.length() > 16 ? hash.substring(0, 16) + "…" : hash) + "</code>"));
        }
        t.row("total", total, total == 0 ? "—" : "100.00 %", "");
        sb.append(t);
    }

    private static void classBalance(StringBuilder sb, SplitManifest split) {
        List<String> classes = split.classNames();
        if (classes.isEmpty()) {
            sb.append("<p>Regression targets: no classes to balance.</p>");
            return;
        }
        List<SplitManifest.Part> parts = split.parts().stream().filter(p -> p.size() > 0).toList();
        sb.append("<h3>Class balance per part</h3>");
        double maxShare = 0;
        for (SplitManifest.Part p : parts) {
            for (int c = 0; c < p.classCounts().size(); c++) {
                maxShare = Math.max(maxShare, 100.0 * p.classCounts().get(c) / p.size());
            }
        }
        int n = classes.size();
        int width = Math.max(560, Math.min(1040, 90 + n * (parts.size() * 12 + 14)));
        double[] y = Ticks.niceRange(0, Math.max(1, maxShare), 5);
        Svg svg = new Svg(width, 260, "Share of each class in each part of the split")
                .scales(Svg.Axis.linear(0, n), Svg.Axis.linear(0, y[1]));
        List<Ticks.Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(n / 30.0));
        for (int c = 0; c < n; c += every) {
            String name = classes.get(c);
            xTicks.add(new Ticks.Tick(c + 0.5, name.length() > 10 ? name.substring(0, 9) + "…" : name));
        }
        svg.axes(xTicks, "class", Ticks.linear(0, y[1], 5), "share of the part (%)");
        double groupWidth = 0.8;
        double barWidth = groupWidth / Math.max(1, parts.size());
        for (int c = 0; c < n; c++) {
            for (int k = 0; k < parts.size(); k++) {
                SplitManifest.Part p = parts.get(k);
                long count = c < p.classCounts().size() ? p.classCounts().get(c) : 0;
                double share = 100.0 * count / p.size();
                double x0 = c + (1 - groupWidth) / 2 + k * barWidth;
                svg.rect(x0, 0, x0 + barWidth * 0.92, share, partColour(p.name()),
                        p.name() + " · " + classes.get(c) + ": " + count + " of " + p.size() + " (" + Html.num(share, 4) + " %)");
            }
        }
        sb.append("<figure>").append(svg).append(Html.legend(parts.stream().map(SplitManifest.Part::name).toList(),
                parts.stream().map(p -> partColour(p.name())).toList())).append("</figure>");
        Table t = new Table("numbers compact", concat("class", parts.stream().map(SplitManifest.Part::name).toList()));
        for (int c = 0; c < n; c++) {
            Object[] row = new Object[parts.size() + 1];
            row[0] = classes.get(c);
            for (int k = 0; k < parts.size(); k++) {
                List<Integer> counts = parts.get(k).classCounts();
                row[k + 1] = c < counts.size() ? counts.get(c) : 0;
            }
            t.row(row);
        }
        sb.append("<details><summary>Examples per class and part</summary>").append(t).append("</details>");
    }

    static String partColour(String part) {
        return switch (part) {
            case "train" -> Html.TRAIN_COLOUR;
            case "dev" -> Html.DEV_COLOUR;
            case "test" -> Html.TEST_COLOUR;
            default -> Html.OPTIMAL_COLOUR;
        };
    }

    private static void leakage(StringBuilder sb, LeakageReport leakage) {
        sb.append("<h3>Leakage check</h3>");
        if (leakage == null) {
            sb.append(Html.absent("Leakage was not checked for this split."));
            return;
        }
        if (leakage.clean()) {
            sb.append("<p>").append(Html.badge("good", "clean")).append(" No exact duplicate examples across train, dev and test.</p>");
            return;
        }
        sb.append("<p>").append(Html.badge("bad", leakage.total() + " duplicates")).append(' ').append(esc(leakage.summary())).append("</p>");
        sb.append(new Table("numbers", "duplicates", "found", "removed")
                .row("dev examples also in train", leakage.devInTrain(), leakage.removedFromDev())
                .row("test examples also in train", leakage.testInTrain(), leakage.removedFromTest())
                .row("test examples also in dev", leakage.testInDev(), "—"));
        if (!leakage.examples().isEmpty()) {
            sb.append("<p>Examples (indices before splitting):</p><ul class=\"examples\">");
            leakage.examples().forEach(e -> sb.append("<li><code>").append(esc(e)).append("</code></li>"));
            sb.append("</ul>");
        }
    }

    private static void normalization(StringBuilder sb, State state) {
        sb.append("<h3>Input normalization</h3>");
        if (state == null || state.first() == null || state.second() == null) {
            sb.append(Html.absent("Inputs were used as they are: no normalizer was fitted."));
            return;
        }
        boolean standard = "standard".equals(state.kind());
        int features = state.first().length;
        String a = standard ? "μ" : "min";
        String b = standard ? "σ" : "max";
        int constant = 0;
        for (int j = 0; j < features; j++) {
            if (standard ? state.second()[j] == 0 : state.second()[j] == state.first()[j]) {
                constant++;
            }
        }
        sb.append("<p>").append(standard ? "Standardized: x′ = (x − μ) / σ" : "Min–max scaled: x′ = (x − min) / (max − min)")
                .append(", with statistics fitted on the <strong>training part only</strong> and reused unchanged for dev, test and predictions. ")
                .append(features).append(" features");
        if (constant > 0) {
            sb.append("; ").append(constant).append(" constant (divisor 1, so they are centred, never NaN)");
        }
        sb.append(".</p>");
        sb.append(NormalizationChart.draw(state, Math.min(features, MAX_CHART_FEATURES)));
        if (features > MAX_CHART_FEATURES) {
            sb.append("<p class=\"note\">The chart shows the first ").append(MAX_CHART_FEATURES).append(" of ").append(features)
                    .append(" features.</p>");
        }
        Table t = new Table("numbers compact", "feature", a, b);
        for (int j = 0; j < Math.min(features, MAX_TABLE_FEATURES); j++) {
            t.row(Integer.toString(j + 1), state.first()[j], state.second()[j]);
        }
        sb.append("<details><summary>").append(a).append(" and ").append(b).append(" of the first ")
                .append(Math.min(features, MAX_TABLE_FEATURES)).append(" features</summary>").append(t)
                .append(features > MAX_TABLE_FEATURES ? "<p class=\"note\">" + (features - MAX_TABLE_FEATURES)
                        + " more in run.json (normalizer).</p>" : "").append("</details>");
    }

    private static Object[] concat(String first, List<String> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }
}
