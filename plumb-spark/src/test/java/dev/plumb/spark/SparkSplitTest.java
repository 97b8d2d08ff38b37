package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.LeakageReport;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class SparkSplitTest {

    private static final Split SPLIT = new Split(0.6, 0.2, 0.2, 42L, true);

    private static SparkSession spark;
    private static Dataset digits;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
        digits = Digits.load(DType.FLOAT64);
    }

    @Test
    void partsAndManifestDoNotDependOnPartitioningAndEqualTheSingleMachineSplit() {
        Map<Long, Integer> local = new HashMap<>();
        ContentHashSplit assign = new ContentHashSplit(SPLIT);
        for (int i = 0; i < digits.size(); i++) {
            local.put((long) i, assign.part(SparkRows.features(digits.features(), i)));
        }
        SplitManifest single = LocalContentHashSplit.apply(SPLIT, digits).manifest();
        for (int partitions : new int[] {1, 2, 7}) {
            SparkSplit.Parts parts = SparkSplit.apply(SPLIT, SparkRows.of(spark, digits, partitions), digits.classNames());
            assertThat(parts.train().rdd().getNumPartitions()).isEqualTo(partitions);
            Map<Long, Integer> assigned = new HashMap<>();
            for (Row r : parts.train().unionByName(parts.dev()).unionByName(parts.test())
                    .select(SparkRows.ID, SparkRows.PART).collectAsList()) {
                assigned.put(r.getLong(0), r.getInt(1));
            }
            assertThat(assigned).as("%d partitions", partitions).isEqualTo(local);
            assertThat(parts.manifest()).as("%d partitions", partitions).isEqualTo(single);
            assertThat(parts.manifest().method()).isEqualTo("content-hash");
            assertThat(parts.manifest().leakage().clean()).isTrue();
        }
    }

    /**
     * Each class c of n_c rows puts Binomial(n_c, p) rows in a part of ratio p: the test allows 4 standard deviations,
     * |count − n_c·p| ≤ 4·√(n_c·p·(1 − p)) (a fair split fails one such check with probability 6·10⁻⁵), on 60,000
     * rows in three classes of very different sizes, and on the digits on Spark.
     */
    @Test
    void everyClassMeetsTheRatiosWithinFourBinomialStandardDeviations() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 60_000;
        double[] values = new double[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10 == 0 ? 0 : i % 10 < 4 ? 1 : 2; // 10 %, 30 %, 60 %
            for (int j = 0; j < 3; j++) {
                values[i * 3 + j] = rng.nextGaussian() + labels[i];
            }
        }
        Dataset data = Dataset.classification("synthetic", Matrix.fromRowMajor(DType.FLOAT64, n, 3, values), labels,
                List.of("a", "b", "c"));
        assertWithinBinomialBound(LocalContentHashSplit.apply(SPLIT, data).manifest(), data.classCounts());
        assertWithinBinomialBound(SparkSplit.apply(SPLIT, SparkRows.of(spark, digits, 2), digits.classNames()).manifest(),
                digits.classCounts());
    }

    private static void assertWithinBinomialBound(SplitManifest manifest, int[] classCounts) {
        double[] ratios = {SPLIT.train(), SPLIT.dev(), SPLIT.test()};
        for (int p = 0; p < 3; p++) {
            List<Integer> counts = manifest.parts().get(p).classCounts();
            for (int c = 0; c < classCounts.length; c++) {
                double expected = classCounts[c] * ratios[p];
                double sd = Math.sqrt(classCounts[c] * ratios[p] * (1 - ratios[p]));
                assertThat((double) counts.get(c)).as("part %d, class %d of %d rows", p, c, classCounts[c])
                        .isBetween(expected - 4 * sd, expected + 4 * sd);
            }
        }
    }

    @Test
    void duplicateRowsInTheInputLandInOnePartSoTheSplitNeverLeaks() {
        List<Row> rows = new ArrayList<>(SparkRows.of(spark, digits, 1).collectAsList());
        for (int i = 0; i < 200; i++) { // 200 copies of rows, under new ids
            Row r = rows.get(i);
            rows.add(RowFactory.create(10_000L + i, r.getInt(1), r.get(2)));
        }
        SparkSplit.Parts parts = SparkSplit.apply(SPLIT, spark.createDataFrame(rows, SparkRows.schema()).repartition(3),
                digits.classNames());
        assertThat(parts.manifest().leakage().clean()).isTrue();
        assertThat(parts.manifest().parts().stream().mapToInt(SplitManifest.Part::size).sum()).isEqualTo(digits.size() + 200);
    }

    /**
     * Parts given separately (as from three files) with duplicates planted across them: the Spark joins find each, with
     * the core's counts (its {@code Split.ofSeparateSets} on the same rows), and drop them on request.
     */
    @Test
    void duplicatesPlantedAcrossPartsAreFoundWithTheCoresCountsAndDropped() {
        List<Row> all = SparkRows.of(spark, digits, 1).orderBy(SparkRows.ID).collectAsList();
        List<Row> train = new ArrayList<>(all.subList(0, 1000));
        List<Row> dev = new ArrayList<>(all.subList(1000, 1400));
        List<Row> test = new ArrayList<>(all.subList(1400, all.size()));
        for (int k = 0; k < 5; k++) { // 5 train rows into dev
            dev.add(copy(train.get(10 * k), 20_000 + k));
        }
        for (int k = 0; k < 3; k++) { // 3 train rows into test
            test.add(copy(train.get(7 + 10 * k), 30_000 + k));
        }
        for (int k = 0; k < 2; k++) { // 2 dev rows into test
            test.add(copy(dev.get(3 + k), 40_000 + k));
        }
        LeakageReport core = Split.ofSeparateSets(dataset(train), dataset(dev), dataset(test), false).manifest().leakage();
        assertThat(core.devInTrain()).isGreaterThanOrEqualTo(5);
        for (int partitions : new int[] {1, 7}) {
            SparkLeakageCheck.Checked checked = SparkLeakageCheck.check(frame(train, partitions), frame(dev, partitions),
                    frame(test, partitions), true);
            LeakageReport report = checked.report();
            assertThat(report.devInTrain()).isEqualTo(core.devInTrain());
            assertThat(report.testInTrain()).isEqualTo(core.testInTrain());
            assertThat(report.testInDev()).isEqualTo(core.testInDev());
            assertThat(report.removedFromDev()).isEqualTo(report.devInTrain());
            assertThat(report.removedFromTest()).isEqualTo(report.testInTrain() + report.testInDev());
            assertThat(report.examples()).contains("dev#20000 = train#0", "test#30000 = train#7", "test#40000 = dev#1003");
            assertThat(checked.dev().count()).isEqualTo(dev.size() - report.devInTrain());
            assertThat(checked.test().count()).isEqualTo(test.size() - report.testInTrain() - report.testInDev());
        }
    }

    /**
     * Spark's Jackson 2 (com.fasterxml) and Plumb's Jackson 3 (tools.jackson) in one JVM: Spark writes and reads a
     * schema as JSON through its Jackson, then Jackson 3 writes a manifest computed on Spark and reads it back equal.
     */
    @Test
    void sparksJackson2AndPlumbsJackson3WorkSideBySide() {
        assertThat(org.apache.spark.sql.types.DataType.fromJson(SparkRows.schema().json())).isEqualTo(SparkRows.schema());
        assertThat(com.fasterxml.jackson.databind.ObjectMapper.class.getPackageName()).isNotEqualTo(
                tools.jackson.databind.json.JsonMapper.class.getPackageName());
        SplitManifest manifest = SparkSplit.apply(new Split(0.6, 0.2, 0.2, 1L, true, true), SparkRows.of(spark, digits, 2),
                digits.classNames()).manifest();
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        assertThat(json.readValue(json.writeValueAsString(manifest), SplitManifest.class)).isEqualTo(manifest);
    }

    private static Row copy(Row r, long id) {
        return RowFactory.create(id, r.getInt(1), r.get(2));
    }

    private static org.apache.spark.sql.Dataset<Row> frame(List<Row> rows, int partitions) {
        return spark.createDataFrame(rows, SparkRows.schema()).repartition(partitions);
    }

    private static Dataset dataset(List<Row> rows) {
        double[][] x = new double[rows.size()][];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = SparkRows.features(rows.get(i), 2);
            labels[i] = rows.get(i).getInt(1);
        }
        return Dataset.classification("rows", Matrix.of(DType.FLOAT64, x), labels, digits.classNames());
    }
}
