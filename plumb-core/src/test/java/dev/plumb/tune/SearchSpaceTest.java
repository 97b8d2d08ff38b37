package dev.plumb.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.workflow.RunOption;

class SearchSpaceTest {

    static SearchSpace space(String... keyValues) {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("data", "digits");
        for (int i = 0; i < keyValues.length; i += 2) {
            given.put(keyValues[i], keyValues[i + 1]);
        }
        return SearchSpace.parse(given);
    }

    @Test
    void rangesAndChoicesAreDimensionsAndEverythingElseIsFixed() {
        SearchSpace s = space("lr", "1e-4..1e-1:log", "layers", "64|128,64|256,128", "l2", "0..10", "epochs", "15");
        assertThat(s.dimensions()).extracting(Dimension::option).containsExactly(RunOption.LR, RunOption.LAYERS, RunOption.L2);
        assertThat(s.fixed()).containsEntry("epochs", "15").containsEntry("data", "digits");
        Dimension.Range lr = (Dimension.Range) s.dimension(RunOption.LR).orElseThrow();
        assertThat(lr.log()).isTrue();
        assertThat(((Dimension.Range) s.dimension(RunOption.L2).orElseThrow()).log()).isFalse();
        assertThat(s.dimension(RunOption.LAYERS).orElseThrow().grid(3)).containsExactly("64", "128,64", "256,128");
        assertThat(SearchSpace.parse(s.toOptions())).isEqualTo(s);
        assertThat(s.spec(Map.of(RunOption.LAYERS, "128,64", RunOption.LR, "0.01")).model().layers()).containsExactly(128, 64);
    }

    @Test
    void aLogRangeIsSampledUniformlyInItsLogarithm() {
        Dimension.Range lr = (Dimension.Range) Dimension.parse(RunOption.LR, "1e-4..1e-1:log");
        SplittableRandom random = new SplittableRandom(7);
        int n = 20_000;
        int[] perDecade = new int[3];
        for (int i = 0; i < n; i++) {
            double v = Double.parseDouble(lr.sample(random));
            assertThat(v).isBetween(1e-4, 1e-1);
            perDecade[(int) Math.min(2, Math.floor(Math.log10(v) + 4))]++;
        }
        for (int count : perDecade) { // a third per decade; a linear draw would put 90 % in the last one
            assertThat(count / (double) n).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.02));
        }
        assertThat(lr.grid(4)).containsExactly("0.0001", "0.001", "0.01", "0.1");
        assertThat(Dimension.parse(RunOption.L2, "0..9").grid(4)).containsExactly("0", "3", "6", "9");
        assertThat(Dimension.parse(RunOption.EPOCHS, "10..40").grid(3)).containsExactly("10", "25", "40");
    }

    @Test
    void badSpacesAreRefusedNamingTheOptionAndTheFix() {
        assertThatThrownBy(() -> space("split", "0.6,0.2,0.2|0.8,0.1,0.1")).hasMessageContaining("split cannot be searched")
                .hasMessageContaining("same dev examples");
        assertThatThrownBy(() -> space("activation", "relu..tanh")).hasMessageContaining("A range (..) needs a numeric option")
                .hasMessageContaining("--activation relu|tanh");
        assertThatThrownBy(() -> space("activation", "relu|tahn")).hasMessageContaining("tahn");
        assertThatThrownBy(() -> space("lr", "0..0.1:log")).hasMessageContaining("log scale needs LOW > 0");
        assertThatThrownBy(() -> space("lr", "0.1..0.01")).hasMessageContaining("LOW < HIGH");
        assertThatThrownBy(() -> space("lr", "1e-4..1e-1:logg")).hasMessageContaining("log or linear");
        assertThatThrownBy(() -> space("layers", "64|64")).hasMessageContaining("two or more different values");
        assertThatThrownBy(() -> space("keep-prob", "0.5..1.5")).hasMessageContaining("keep-prob");
        assertThatThrownBy(() -> space("init-from", "runs/digits/model", "l2", "0|1")).hasMessageContaining("init-from")
                .hasMessageContaining("plumb train --init-from");
    }

    @Test
    void theDefaultStrategyFollowsTheSpace() {
        assertThat(StudySpec.defaultStrategy(space(), 20, 3)).isEqualTo(Strategy.RECIPE);
        assertThat(StudySpec.defaultStrategy(space("l2", "0|1|10", "layers", "32|64"), 20, 3)).isEqualTo(Strategy.GRID);
        assertThat(StudySpec.defaultStrategy(space("l2", "0..10", "lr", "1e-4..1e-1:log", "layers", "32|64|128"), 20, 3))
                .isEqualTo(Strategy.RANDOM);
        assertThatThrownBy(() -> new StudySpec(space("l2", "0..10", "lr", "1e-4..1e-1:log", "layers", "32|64|128"),
                Strategy.GRID, 20, 0, true, 0, 3, false)).hasMessageContaining("grid has 27 points")
                .hasMessageContaining("--budget 27");
        assertThatThrownBy(() -> new StudySpec(space(), Strategy.RANDOM, 20, 0, true, 0, 3, false))
                .hasMessageContaining("at least one option given as a range or choices");
    }

    @Test
    void theRecipeMovesOnlyWhatTheUserLeftFreeAndWithinTheGivenRanges() {
        Recipe free = new Recipe(space(), Map.of(RunOption.EPOCHS, "20"), false);
        Map<RunOption, String> start = free.start();
        assertThat(start).containsEntry(RunOption.LAYERS, Recipe.START_LAYERS);
        assertThat(free.propose(1, start, Recipe.Problem.BIAS, 2)).extracting(Recipe.Move::description)
                .containsExactly("layers 64 → 128", "lr 0.001 → 0.003");
        assertThat(free.propose(1, start, Recipe.Problem.VARIANCE, 2)).extracting(Recipe.Move::description)
                .containsExactly("l2 0.0 → 1.0", "keep-prob 1.0 → 0.9"); // no augmentation: not images

        Recipe fixed = new Recipe(space("layers", "64", "lr", "0.001"), Map.of(RunOption.EPOCHS, "20"), false);
        assertThat(fixed.propose(1, fixed.start(), Recipe.Problem.BIAS, 2)).extracting(Recipe.Move::axis)
                .containsExactly(Recipe.Axis.EPOCHS);

        Recipe ranged = new Recipe(space("l2", "0..3", "layers", "8|32|128"), Map.of(RunOption.EPOCHS, "20"), true);
        Map<RunOption, String> at = ranged.start();
        assertThat(at).containsEntry(RunOption.LAYERS, "8").containsEntry(RunOption.L2, "0");
        List<Recipe.Move> variance = ranged.propose(1, at, Recipe.Problem.VARIANCE, 3);
        assertThat(variance).extracting(Recipe.Move::description).containsExactly("l2 0 → 0.03", "keep-prob 1.0 → 0.9",
                "augment none → shift=1");
        assertThat(ranged.propose(2, Map.of(RunOption.LAYERS, "128", RunOption.L2, "3"), Recipe.Problem.BIAS, 2))
                .extracting(Recipe.Move::axis).doesNotContain(Recipe.Axis.WIDTH, Recipe.Axis.DEPTH);
    }
}
