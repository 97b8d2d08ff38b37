package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class SplitTest {

    private static final int N = 1000;
    // uneven class sizes, so that rounding per class matters: ids 0–516 class 0, 517–817 class 1, 818–999 class 2
    private static final int[] CLASS_SIZES = {517, 301, 182};

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource({"0.6, 0.2, 0.2, 600, 200, 200", "0.98, 0.01, 0.01, 980, 10, 10", "0.8, 0.2, 0, 800, 200, 0"})
    void partsHaveTheRatioSizesAreDisjointAndCoverEveryExample(double train, double dev, double test,
                                                               int nTrain, int nDev, int nTest) {
        Split.Parts parts = new Split(train, dev, test, 91, false).apply(data());
        assertThat(parts.train().size()).isEqualTo(nTrain);
        assertThat(parts.dev().size()).isEqualTo(nDev);
        assertThat(parts.test().size()).isEqualTo(nTest);
        assertDisjointAndCovering(parts);
    }

    @Test
    void everyRowKeepsItsOwnLabelAndTarget() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 92, true).apply(data());
        for (Dataset part : List.of(parts.train(), parts.dev(), parts.test())) {
            for (int i = 0; i < part.size(); i++) {
                int id = (int) part.features().get(i, 0);
                assertThat(part.labels()[i]).as("%s row %d (example %d)", part.name(), i, id).isEqualTo(classOf(id));
                assertThat(part.targets().argmaxInRow(i)).isEqualTo(classOf(id));
                assertThat(part.features().get(i, 1)).isEqualTo(id * 0.5);
            }
        }
        assertThat(parts.train().name()).isEqualTo("ids/train");
    }

    @Test
    void sameSeedGivesTheSameSplitAndAnotherSeedADifferentOne() {
        Split.Parts a = new Split(0.6, 0.2, 0.2, 93, false).apply(data());
        Split.Parts b = new Split(0.6, 0.2, 0.2, 93, false).apply(data());
        Split.Parts c = new Split(0.6, 0.2, 0.2, 94, false).apply(data());
        assertThat(ids(b.train())).containsExactly(ids(a.train()));
        assertThat(ids(b.dev())).containsExactly(ids(a.dev()));
        assertThat(ids(b.test())).containsExactly(ids(a.test()));
        assertThat(sorted(ids(c.test()))).isNotEqualTo(sorted(ids(a.test())));
        assertThat(sorted(ids(a.train()))).as("shuffled, not the first 600")
                .isNotEqualTo(java.util.stream.IntStream.range(0, 600).toArray());
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource({"0.6, 0.2, 0.2", "0.98, 0.01, 0.01", "0.7, 0.15, 0.15"})
    void stratifiedSplitKeepsEveryClassProportionWithinOneExample(double train, double dev, double test) {
        Split.Parts parts = new Split(train, dev, test, 95, true).apply(data());
        assertDisjointAndCovering(parts);
        double[] ratios = {train, dev, test};
        List<Dataset> split = List.of(parts.train(), parts.dev(), parts.test());
        for (int p = 0; p < 3; p++) {
            int[] counts = new int[CLASS_SIZES.length];
            for (int label : split.get(p).labels()) {
                counts[label]++;
            }
            for (int c = 0; c < CLASS_SIZES.length; c++) {
                assertThat((double) counts[c]).as("class %d in %s", c, split.get(p).name())
                        .isCloseTo(CLASS_SIZES[c] * ratios[p], within(1.0));
            }
        }
    }

    @Test
    void ratiosThatDoNotSumToOneAreRejectedWithTheSum() {
        assertThatThrownBy(() -> new Split(0.5, 0.2, 0.2, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5/0.2/0.2")
                .hasMessageContaining("they sum to")
                .hasMessageContaining("train + dev + test = 1");
        assertThatThrownBy(() -> new Split(0.6, 0.3, 0.2, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.6/0.3/0.2")
                .hasMessageContaining("they sum to");
        assertThat(new Split(0.7, 0.15, 0.15, 1, false).train()).as("a sum of 1 up to rounding is accepted").isEqualTo(0.7);
    }

    @Test
    void negativeOrOutOfRangeRatiosAreRejectedNamingTheArgument() {
        assertThatThrownBy(() -> new Split(0.7, -0.1, 0.4, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument dev: -0.1");
        assertThatThrownBy(() -> new Split(0.7, 0.4, -0.1, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument test: -0.1");
        assertThatThrownBy(() -> new Split(-0.2, 0.6, 0.6, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument train: -0.2");
        assertThatThrownBy(() -> new Split(Double.NaN, 0.5, 0.5, 1, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument train: NaN");
    }

    @Test
    void stratifyingRegressionDataIsRejected() {
        Dataset regression = new Dataset("values", Matrix.zeros(DType.FLOAT64, 10, 2), Matrix.zeros(DType.FLOAT64, 10, 1),
                null, List.of());
        assertThatThrownBy(() -> new Split(0.6, 0.2, 0.2, 1, true).apply(regression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stratify")
                .hasMessageContaining("regression");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** 1000 examples whose first feature is the example's id, second id/2, labels in three uneven classes. */
    private static Dataset data() {
        Matrix x = Matrix.zeros(DType.FLOAT64, N, 2);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            x.set(i, 0, i);
            x.set(i, 1, i * 0.5);
            labels[i] = classOf(i);
        }
        return Dataset.classification("ids", x, labels, List.of("a", "b", "c"));
    }

    private static int classOf(int id) {
        return id < CLASS_SIZES[0] ? 0 : id < CLASS_SIZES[0] + CLASS_SIZES[1] ? 1 : 2;
    }

    private static int[] ids(Dataset part) {
        int[] ids = new int[part.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) part.features().get(i, 0);
        }
        return ids;
    }

    private static int[] sorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    private static void assertDisjointAndCovering(Split.Parts parts) {
        List<Integer> all = new ArrayList<>();
        for (Dataset part : List.of(parts.train(), parts.dev(), parts.test())) {
            for (int id : ids(part)) {
                all.add(id);
            }
        }
        assertThat(all).hasSize(N).doesNotHaveDuplicates();
        assertThat(all).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, N).boxed().toList());
    }
}
