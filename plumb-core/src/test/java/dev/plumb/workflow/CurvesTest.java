package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import tools.jackson.databind.json.JsonMapper;

/** Learning and validation curves on the bundled digits, and their verdict rules on made-up numbers. */
class CurvesTest {

    private static RunSpec digits(Map<String, String> extra) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("data", "digits", "layers", "16", "epochs", "5",
                "lr", "0.003"));
        options.putAll(extra);
        return RunSpec.parse(options);
    }

    @Test
    void learningCurveDevErrorFallsAndTheGapClosesWithMoreData() throws Exception {
        // enough epochs that even the smallest subset is fitted: the curve then measures data, not too few updates
        LearningCurve curve = Curves.learning(digits(Map.of("epochs", "40", "lr", "0.01")), List.of(0.1, 0.3, 1.0));

        assertThat(curve.examples()).hasSize(3);
        assertThat(curve.examples().get(0)).isLessThan(curve.examples().get(1));
        double firstDev = curve.devErrors().get(0);
        double lastDev = curve.devErrors().get(2);
        assertThat(lastDev).as("dev errors %s", curve.devErrors()).isLessThan(firstDev - 0.05);
        double firstGap = firstDev - curve.trainErrors().get(0);
        double lastGap = lastDev - curve.trainErrors().get(2);
        assertThat(lastGap).as("train %s dev %s", curve.trainErrors(), curve.devErrors()).isLessThan(firstGap);
        assertThat(curve.verdict()).isEqualTo(LearningCurve.verdict(curve.trainErrors(), curve.devErrors(), 0.0));
    }

    @Test
    void withAutoEpochsEverySubsetGetsItsStepBudgetSoTheSmallestIsFittedToo() throws Exception {
        // 10 % of the digits' training part is 108 images, 4 batches an epoch: auto gives it 500 epochs, where the fixed
        // 20 epochs of before were 80 steps and left it underfitted — a curve that mistook too few updates for bias
        RunSpec auto = RunSpec.parse(Map.of("data", "digits", "layers", "16", "lr", "0.003"));
        LearningCurve chosen = Curves.learning(auto, List.of(0.1, 0.2));
        LearningCurve fixed = Curves.learning(digits(Map.of("epochs", "20", "early-stopping", "off")), List.of(0.1, 0.2));
        assertThat(chosen.trainErrors().get(0)).as("train errors with auto %s", chosen.trainErrors()).isLessThan(0.02);
        assertThat(fixed.trainErrors().get(0)).as("train errors with 20 epochs %s", fixed.trainErrors()).isGreaterThan(0.05);
        assertThat(chosen.devErrors().get(0)).isLessThan(fixed.devErrors().get(0));
    }

    @Test
    void subsetsAreSeededStratifiedAndOfTheAskedSize() throws Exception {
        PreparedData data = TrainingRun.prepare(digits(Map.of()));
        Dataset train = data.train();
        Dataset fifth = Curves.subset(train, 0.2, 42, true);
        assertThat(fifth.size()).isCloseTo((int) Math.round(0.2 * train.size()), org.assertj.core.data.Offset.offset(10));
        int[] all = train.classCounts();
        int[] part = fifth.classCounts();
        for (int c = 0; c < all.length; c++) {
            assertThat(part[c]).as("class %d", c).isEqualTo((int) Math.round(0.2 * all[c]));
        }
        assertThat(Curves.subset(train, 0.2, 42, true).features().toDoubleArray()).isEqualTo(fifth.features().toDoubleArray());
        assertThat(Arrays.equals(Curves.subset(train, 0.2, 7, true).features().toDoubleArray(),
                fifth.features().toDoubleArray())).as("another seed draws another subset").isFalse();
        assertThat(Curves.subset(train, 1.0, 42, true)).isSameAs(train);
    }

    @Test
    void validationOverL2RaisesTrainErrorWithLambdaOnAnOverfittingNetwork() throws Exception {
        // a wide network trained long on the training part overfits; a large λ forces it back toward bias
        RunSpec spec = digits(Map.of("layers", "64", "epochs", "15"));
        ValidationCurve curve = Curves.validation(spec, "l2", List.of("0", "10", "300"));

        assertThat(curve.parameter()).isEqualTo("l2");
        assertThat(curve.trainErrors().get(2)).as("train errors %s", curve.trainErrors())
                .isGreaterThan(curve.trainErrors().get(0) + 0.02);
        assertThat(curve.best()).isIn("0", "10");
        assertThat(curve.devErrors().get(List.of("0", "10", "300").indexOf(curve.best())))
                .isEqualTo(curve.devErrors().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }

    @Test
    void validationAcceptsLayersAndKeepProbThroughTheOptionParser() {
        RunSpec spec = digits(Map.of());
        assertThat(Curves.vary(spec, "layers", "64:32").model()).isEqualTo(
                digits(Map.of("layers", "64,32")).model());
        assertThat(Curves.vary(spec, "keep-prob", "0.8").model()).isEqualTo(digits(Map.of("keep-prob", "0.8")).model());
        assertThat(Curves.vary(spec, "lr", "0.1").training()).isEqualTo(digits(Map.of("lr", "0.1")).training());
        assertThatThrownBy(() -> Curves.vary(spec, "split", "0.8,0.1,0.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split").hasMessageContaining("changes the data");
        assertThatThrownBy(() -> Curves.vary(spec, "l2", "-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l2");
    }

    @Test
    void learningVerdictOnMadeUpNumbers() {
        // gap 0.30 → 0.10: closes by far more than a quarter, still above 0.02
        assertThat(LearningCurve.verdict(List.of(0.00, 0.01, 0.02), List.of(0.30, 0.20, 0.12), 0.0))
                .startsWith("the gap closes with more data: more data will help");
        // both flat at 0.20 / 0.22, far above a 0.05 optimal error
        assertThat(LearningCurve.verdict(List.of(0.15, 0.195, 0.20), List.of(0.30, 0.225, 0.22), 0.05))
                .startsWith("both curves plateau").contains("more data will not help; reduce bias");
        // gap 0.10 → 0.09: does not close by a clear margin, and stays large
        assertThat(LearningCurve.verdict(List.of(0.00, 0.00, 0.01), List.of(0.10, 0.09, 0.10), 0.0))
                .contains("does not close").contains("high variance");
        // closing but already small: not "more data will help"
        assertThat(LearningCurve.verdict(List.of(0.00, 0.01), List.of(0.20, 0.025), 0.0))
                .contains("near the optimal error");
        // small gap, errors far above optimal, still moving: high bias
        assertThat(LearningCurve.verdict(List.of(0.40, 0.30), List.of(0.41, 0.31), 0.0)).contains("high bias");
        assertThatThrownBy(() -> LearningCurve.verdict(List.of(0.1), List.of(0.2), 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two or more sizes");
    }

    @Test
    void validationVerdictFindsTheLowestDevErrorAndTheUShape() {
        ValidationCurve u = ValidationCurve.of("d", "l2", List.of("0", "1", "10"), List.of(0.0, 0.05, 0.2),
                List.of(0.15, 0.08, 0.25));
        assertThat(u.best()).isEqualTo("1");
        assertThat(u.uShaped()).isTrue();
        assertThat(u.verdict()).contains("l2=1").contains("U-shaped");
        ValidationCurve edge = ValidationCurve.of("d", "lr", List.of("0.001", "0.01", "0.1"), List.of(0.3, 0.2, 0.1),
                List.of(0.3, 0.2, 0.12));
        assertThat(edge.best()).isEqualTo("0.1");
        assertThat(edge.uShaped()).isFalse();
        assertThat(edge.verdict()).contains("end of the range").contains("beyond 0.1");
        ValidationCurve flat = ValidationCurve.of("d", "l1", List.of("0", "1", "2"), List.of(0.1, 0.1, 0.1),
                List.of(0.12, 0.118, 0.121));
        assertThat(flat.uShaped()).isFalse();
        assertThat(flat.best()).isEqualTo("1");
    }

    @Test
    void curvesSerializeToJson() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ValidationCurve curve = ValidationCurve.of("digits", "l2", List.of("0", "1"), List.of(0.0, 0.1), List.of(0.2, 0.1));
        String text = json.writeValueAsString(curve);
        assertThat(text).contains("\"parameter\":\"l2\"").contains("\"devErrors\":[0.2,0.1]").contains("\"best\":\"1\"");
        assertThat(json.readValue(text, ValidationCurve.class)).isEqualTo(curve);
        LearningCurve learning = new LearningCurve("digits", List.of(0.5, 1.0), List.of(10, 20), List.of(0.0, 0.1),
                List.of(0.3, 0.2), 0.0, "v");
        assertThat(json.readValue(json.writeValueAsString(learning), LearningCurve.class)).isEqualTo(learning);
    }

    @Test
    void inputErrorsNameTheOptionAndTheFix() {
        assertThat(Curves.parseTrainSizes("0.1, 0.5,1")).containsExactly(0.1, 0.5, 1.0);
        assertThatThrownBy(() -> Curves.parseTrainSizes("0.5,0.2")).hasMessageContaining("--train-sizes")
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> Curves.parseTrainSizes("a,1")).hasMessageContaining("--train-sizes").hasMessageContaining("'a,1'");
        assertThatThrownBy(() -> Curves.parseTrainSizes("1.0")).hasMessageContaining("two or more");
        assertThat(Curves.parseParam("l2=0,0.1, 1").getValue()).containsExactly("0", "0.1", "1");
        assertThatThrownBy(() -> Curves.parseParam("l2")).hasMessageContaining("--param").hasMessageContaining("l2=0,0.1,1,10");
        assertThatThrownBy(() -> Curves.parseParam("lambda=1,2")).hasMessageContaining("'lambda' is not a run option");
    }
}
