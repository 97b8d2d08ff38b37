package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.ValidationCurve;

/** The learning and validation curve charts: their marks where the numbers put them. */
class CurveChartsTest {

    /** A dot as drawn: its class, centre and tooltip. */
    record Dot(String cssClass, double cx, double cy, String title) {
    }

    private static final Pattern DOT = Pattern.compile(
            "<circle class=\"([^\"]*)\" cx=\"([-\\d.]+)\" cy=\"([-\\d.]+)\"[^>]*><title>([^<]*)</title>");

    static List<Dot> dots(String svg, String cssClass) {
        List<Dot> dots = new ArrayList<>();
        Matcher m = DOT.matcher(svg);
        while (m.find()) {
            if ((" " + m.group(1) + " ").contains(" " + cssClass + " ")) {
                dots.add(new Dot(m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), m.group(4)));
            }
        }
        return dots;
    }

    static LearningCurve learning() {
        return new LearningCurve("digits", List.of(0.1, 0.2, 0.4, 0.7, 1.0), List.of(108, 216, 431, 755, 1078),
                List.of(0.0, 0.0, 0.0023, 0.004, 0.0056), List.of(0.21, 0.14, 0.092, 0.071, 0.058), 0.01,
                LearningCurve.verdict(List.of(0.0, 0.0, 0.0023, 0.004, 0.0056), List.of(0.21, 0.14, 0.092, 0.071, 0.058), 0.01));
    }

    static ValidationCurve l2() {
        return ValidationCurve.of("digits", "l2", List.of("0", "0.1", "1", "10", "100"), List.of(0.0, 0.001, 0.012, 0.06, 0.21),
                List.of(0.071, 0.066, 0.052, 0.083, 0.224));
    }

    @Test
    void learningCurveDrawsEachSizeAtItsExampleCountAndErrorsTheLowerTheSmaller() {
        LearningCurve curve = learning();
        String svg = CurveCharts.learningCurve(curve);

        List<Dot> dev = dots(svg, "dev");
        List<Dot> train = dots(svg, "train");
        assertThat(dev).hasSize(5);
        assertThat(train).hasSize(5);
        // x is linear in examples: each dot's offset from the first is proportional to the examples it adds
        double perExample = (dev.get(4).cx() - dev.get(0).cx()) / (1078 - 108);
        for (int i = 0; i < 5; i++) {
            assertThat(dev.get(i).cx() - dev.get(0).cx()).as("dev dot %d", i)
                    .isCloseTo((curve.examples().get(i) - 108) * perExample, within(0.2));
            assertThat(train.get(i).cx()).isEqualTo(dev.get(i).cx());
        }
        // y is linear in error, up is more: dev error falls with size, so each dev dot sits lower on the page (larger y)
        for (int i = 1; i < 5; i++) {
            assertThat(dev.get(i).cy()).as("dev dot %d", i).isGreaterThan(dev.get(i - 1).cy());
            assertThat(dev.get(i).cy()).as("dev above train at size %d", i).isLessThan(train.get(i).cy());
        }
        double perError = (dev.get(4).cy() - dev.get(0).cy()) / (0.058 - 0.21);
        assertThat(train.get(0).cy() - dev.get(0).cy()).isCloseTo((0.0 - 0.21) * perError, within(0.2));
        assertThat(dev.get(2).title()).isEqualTo("dev error, m = 431 (0.4 of train): 0.092");
    }

    @Test
    void learningCurveShowsTheOptimalErrorDashedTheGapAndTheVerdict() {
        LearningCurve curve = learning();
        String svg = CurveCharts.learningCurve(curve);
        List<Dot> dev = dots(svg, "dev");
        List<Dot> train = dots(svg, "train");

        Matcher optimal = Pattern.compile("<g class=\"optimal\"><line class=\"marker\" x1=\"\\d+\" y1=\"([\\d.]+)\"").matcher(svg);
        assertThat(optimal.find()).as("the optimal error line").isTrue();
        double y = Double.parseDouble(optimal.group(1));
        // 0.01 lies between train (≤ 0.0056) and dev (≥ 0.058) at every size
        double perError = (dev.get(4).cy() - dev.get(0).cy()) / (0.058 - 0.21);
        assertThat(y - dev.get(4).cy()).isCloseTo((0.01 - 0.058) * perError, within(0.2));
        assertThat(svg).contains("optimal error 0.01");
        assertThat(svg).contains("<g class=\"gap\"><path class=\"band\"").contains("gap 0.0524");
        assertThat(svg).contains("<figcaption><strong>Verdict:</strong> " + Html.esc(curve.verdict()));
        assertThat(svg).contains("<title>Learning curve on digits</title><desc>").contains("training examples (m)")
                .contains(">error</text>");
        assertThat(svg).doesNotContain("<script");
        assertThat(train).allSatisfy(d -> assertThat(d.cy()).isGreaterThan(y));
    }

    @Test
    void aSmallGapIsLabelledAboveTheDevDotNotOverIt() {
        List<Double> train = List.of(0.20, 0.10, 0.015);
        List<Double> dev = List.of(0.33, 0.15, 0.033);
        LearningCurve curve = new LearningCurve("digits", List.of(0.1, 0.5, 1.0), List.of(109, 540, 1079), train, dev, 0.0,
                LearningCurve.verdict(train, dev, 0.0));
        String svg = CurveCharts.learningCurve(curve);
        Dot last = dots(svg, "dev").get(2);
        Matcher label = Pattern.compile("<text x=\"([\\d.]+)\" y=\"([\\d.]+)\" text-anchor=\"end\" class=\"gap-label\">gap 0.018</text>")
                .matcher(svg);
        assertThat(label.find()).as(svg).isTrue();
        // the text's baseline is above the dot by more than the dot's radius and the text is left of it
        assertThat(Double.parseDouble(label.group(2))).isLessThan(last.cy() - 4);
        assertThat(Double.parseDouble(label.group(1))).isLessThan(last.cx());
    }

    @Test
    void validationCurveOnALogAxisPlacesEachValueAtItsLog10AndZeroOneDecadeLeftBehindABreak() {
        ValidationCurve curve = l2();
        String svg = CurveCharts.validationCurve(curve);
        CurveCharts.XScale scale = CurveCharts.XScale.of(curve.values(), 520);
        assertThat(scale.kind()).isEqualTo(CurveCharts.Kind.LOG);

        List<Dot> dev = dots(svg, "dev");
        assertThat(dev).extracting(Dot::title).containsExactly("dev error, l2 = 0: 0.071", "dev error, l2 = 0.1: 0.066",
                "dev error, l2 = 1: 0.052 (lowest)", "dev error, l2 = 10: 0.083", "dev error, l2 = 100: 0.224");
        double decade = dev.get(2).cx() - dev.get(1).cx();
        assertThat(decade).isPositive();
        assertThat(dev.get(3).cx() - dev.get(2).cx()).isCloseTo(decade, within(0.2));
        assertThat(dev.get(4).cx() - dev.get(3).cx()).isCloseTo(decade, within(0.2));
        assertThat(dev.get(1).cx() - dev.get(0).cx()).as("zero sits one decade left of 0.1").isCloseTo(decade, within(0.2));
        assertThat(svg).contains("<g class=\"axis-break\">");
        // the break lies between 0 and 0.1, and the ticks are the values, 0 included
        Matcher brk = Pattern.compile("<g class=\"axis-break\"><rect x=\"([\\d.]+)\"").matcher(svg);
        assertThat(brk.find()).isTrue();
        assertThat(Double.parseDouble(brk.group(1)) + 3).isBetween(dev.get(0).cx(), dev.get(1).cx());
        assertThat(scale.ticks()).extracting(Ticks.Tick::label).containsExactly("0", "0.1", "1", "10", "100");
        assertThat(svg).contains(">0</text>").contains("l2 (log scale)");
    }

    @Test
    void theValueWithTheLowestDevErrorIsTheLowestDevMarkerAndIsMarked() {
        ValidationCurve curve = ValidationCurve.of("digits", "keep-prob", List.of("1", "0.8", "0.5"), List.of(0.0, 0.01, 0.05),
                List.of(0.09, 0.06, 0.07));
        String svg = CurveCharts.validationCurve(curve);

        List<Dot> dev = dots(svg, "dev");
        Dot lowest = dev.stream().max(java.util.Comparator.comparingDouble(Dot::cy)).orElseThrow();
        assertThat(lowest.cssClass()).isEqualTo("point dev best");
        assertThat(lowest.title()).contains("keep-prob = 0.8");
        assertThat(dots(svg, "best")).hasSize(1);
        assertThat(svg).contains("lowest dev error: keep-prob=0.8");
        Matcher marker = Pattern.compile("<g class=\"best\"><line class=\"marker\" x1=\"([\\d.]+)\"").matcher(svg);
        assertThat(marker.find()).isTrue();
        assertThat(Double.parseDouble(marker.group(1))).isEqualTo(lowest.cx());
        assertThat(svg).contains("<figcaption><strong>Verdict:</strong> " + Html.esc(curve.verdict()));
    }

    @Test
    void numbersSpanningLessThanTwoDecadesAreLinearAndLinesJoinThemInAxisOrder() {
        ValidationCurve curve = ValidationCurve.of("digits", "keep-prob", List.of("1", "0.8", "0.5"), List.of(0.0, 0.01, 0.05),
                List.of(0.09, 0.06, 0.07));
        assertThat(CurveCharts.XScale.of(curve.values(), 520).kind()).isEqualTo(CurveCharts.Kind.LINEAR);
        String svg = CurveCharts.validationCurve(curve);
        List<Dot> dev = dots(svg, "dev"); // dots in axis order: 0.5, 0.8, 1
        assertThat(dev).extracting(Dot::title).allSatisfy(t -> assertThat(t).startsWith("dev error, keep-prob = "));
        assertThat(dev.get(0).title()).contains("= 0.5");
        assertThat((dev.get(1).cx() - dev.get(0).cx()) / (dev.get(2).cx() - dev.get(1).cx())).isCloseTo(0.3 / 0.2, within(0.01));
        Matcher path = Pattern.compile("<g class=\"series dev\"><path class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(svg);
        assertThat(path.find()).isTrue();
        List<Double> xs = new ArrayList<>();
        Matcher point = Pattern.compile("[ML]([\\d.]+) ").matcher(path.group(1) + " ");
        while (point.find()) {
            xs.add(Double.parseDouble(point.group(1)));
        }
        assertThat(xs).hasSize(3).isSorted();
        assertThat(svg).doesNotContain("axis-break");
    }

    @Test
    void categoricalValuesAreEvenlySpacedAndLabelledAsGiven() {
        ValidationCurve curve = ValidationCurve.of("digits", "layers", List.of("16", "64:32", "relu"), List.of(0.05, 0.01, 0.0),
                List.of(0.09, 0.06, 0.07));
        CurveCharts.XScale scale = CurveCharts.XScale.of(curve.values(), 520);
        assertThat(scale.kind()).isEqualTo(CurveCharts.Kind.CATEGORICAL);
        assertThat(scale.ticks()).extracting(Ticks.Tick::label).containsExactly("16", "64:32", "relu");
        List<Dot> dev = dots(CurveCharts.validationCurve(curve), "dev");
        assertThat(dev.get(1).cx() - dev.get(0).cx()).isPositive().isCloseTo(dev.get(2).cx() - dev.get(1).cx(), within(0.2));
    }

    @Test
    void closeValuesGetRoundTicksInsteadOfCollidingLabels() {
        CurveCharts.XScale scale = CurveCharts.XScale.of(List.of("0.001", "0.0015", "0.01", "1"), 520);
        assertThat(scale.kind()).isEqualTo(CurveCharts.Kind.LOG);
        assertThat(scale.ticks()).extracting(Ticks.Tick::label).containsExactly("0.001", "0.01", "0.1", "1");
        assertThat(scale.ticks().get(1).value()).isCloseTo(-2, within(1e-9));
    }

    @Test
    void textFromTheRecordIsEscaped() {
        ValidationCurve curve = ValidationCurve.of("<script>x</script>.csv", "l2", List.of("0", "1"), List.of(0.0, 0.1),
                List.of(0.2, 0.1));
        String svg = CurveCharts.validationCurve(curve);
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;x&lt;/script&gt;.csv");
    }
}
