package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Duplicates across train/dev/test are found, counted against a brute-force reference, and optionally removed. */
class LeakageTest {

    // 400 examples; every 10th one is a copy of example (i − 1): 40 duplicated pairs
    private static Dataset withDuplicates() {
        int n = 400;
        Matrix x = Matrix.zeros(DType.FLOAT32, n, 3);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int source = i % 10 == 9 ? i - 1 : i;
            x.set(i, 0, source);
            x.set(i, 1, source * 0.25);
            x.set(i, 2, -source);
            labels[i] = i % 2;
        }
        return Dataset.classification("dups", x, labels, List.of("a", "b"));
    }

    @Test
    void countsMatchABruteForceComparisonOfRows() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 5, false).apply(withDuplicates());
        LeakageReport report = parts.manifest().leakage();

        int devInTrain = countIn(parts.dev(), Set.of(parts.train()));
        int testInTrain = countIn(parts.test(), Set.of(parts.train()));
        int testInTrainOrDev = countIn(parts.test(), Set.of(parts.train(), parts.dev()));
        assertThat(report.devInTrain()).isEqualTo(devInTrain);
        assertThat(report.testInTrain()).isEqualTo(testInTrain);
        assertThat(report.testInDev()).isEqualTo(testInTrainOrDev - testInTrain);
        assertThat(report.total()).isPositive();
        assertThat(report.removedFromDev() + report.removedFromTest()).isZero();
        assertThat(report.examples()).isNotEmpty().allMatch(e -> e.matches("(dev|test)#\\d+ = (train|dev)#\\d+"));
        assertThat(report.summary()).contains("dev in train").contains("kept");
    }

    @Test
    void dropLeaksRemovesThemFromDevAndTestOnly() {
        Dataset data = withDuplicates();
        Split.Parts kept = new Split(0.6, 0.2, 0.2, 5, false).apply(data);
        Split.Parts dropped = new Split(0.6, 0.2, 0.2, 5, false, true).apply(data);

        assertThat(dropped.train().size()).isEqualTo(kept.train().size());
        LeakageReport r = dropped.manifest().leakage();
        assertThat(dropped.dev().size()).isEqualTo(kept.dev().size() - r.devInTrain());
        assertThat(dropped.test().size()).isEqualTo(kept.test().size() - r.testInTrain() - r.testInDev());
        assertThat(r.removedFromDev()).isEqualTo(r.devInTrain());
        assertThat(countIn(dropped.dev(), Set.of(dropped.train()))).isZero();
        assertThat(countIn(dropped.test(), Set.of(dropped.train(), dropped.dev()))).isZero();
    }

    @Test
    void separateFilesAreCheckedAcrossEachOther() {
        Dataset data = withDuplicates();
        Dataset a = data.subset("train.csv", range(0, 200));
        Dataset b = data.subset("dev.csv", range(200, 300));
        Dataset c = data.subset("test.csv", new int[] {8, 9, 150, 299, 350}); // 8 and 9 equal train rows; 299 a dev row
        Split.Parts parts = Split.ofSeparateSets(a, b, c, false);
        LeakageReport r = parts.manifest().leakage();
        assertThat(r.devInTrain()).isZero();
        assertThat(r.testInTrain()).isEqualTo(3);  // rows 8, 9 (= 8) and 150
        assertThat(r.testInDev()).isEqualTo(1);    // row 299 (= 298, in dev)
        assertThat(parts.manifest().method()).isEqualTo("files");
        assertThat(parts.test().role()).isEqualTo(Role.TEST);
    }

    @Test
    void aCleanSplitSaysSo() {
        Dataset unique = Dataset.classification("u", Matrix.fromRowMajor(DType.FLOAT32, 10, 1,
                new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, List.of("a", "b"));
        LeakageReport r = new Split(0.6, 0.2, 0.2, 1, false).apply(unique).manifest().leakage();
        assertThat(r.clean()).isTrue();
        assertThat(r.summary()).isEqualTo("no exact duplicates across train/dev/test");
    }

    @Test
    void separateFilesMustAgreeOnFeaturesAndClasses() {
        Dataset data = withDuplicates();
        Dataset other = Dataset.classification("x.csv", Matrix.zeros(DType.FLOAT32, 2, 4), new int[] {0, 1}, List.of("a", "b"));
        assertThatThrownBy(() -> Split.ofSeparateSets(data, other, other, false))
                .hasMessageContaining("x.csv").hasMessageContaining("4 features").hasMessageContaining("3");
    }

    // brute force: rows of 'part' equal (exactly) to some row of an earlier part
    private static int countIn(Dataset part, Set<Dataset> earlier) {
        Set<List<Double>> seen = new HashSet<>();
        for (Dataset e : earlier) {
            for (int i = 0; i < e.size(); i++) {
                seen.add(rowOf(e, i));
            }
        }
        int count = 0;
        for (int i = 0; i < part.size(); i++) {
            count += seen.contains(rowOf(part, i)) ? 1 : 0;
        }
        return count;
    }

    private static List<Double> rowOf(Dataset d, int i) {
        return java.util.Arrays.stream(d.features().row(i)).boxed().toList();
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
