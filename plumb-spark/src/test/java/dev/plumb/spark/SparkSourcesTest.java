package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvReader;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.tensor.DType;

/**
 * Each source read on Spark against the core's loader on the same file: the same rows (ids, labels, features bit for
 * bit), class names and feature names, and so the same content-hash manifest.
 */
class SparkSourcesTest {

    private static final Split SPLIT = new Split(0.6, 0.2, 0.2, 42L, true);
    /**
     * Labels whose order tells first-seen (virginica first) and sorted (Beta, setosa, …) apart, one of them quoted with
     * the delimiter and doubled quotes inside (the class {@code sp "q", x}), as CSV files hold them.
     */
    private static final String[] SPECIES = {"virginica", "setosa", "versicolor", "Beta", "\"sp \"\"q\"\", x\""};

    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    /**
     * 500 rows, the string label in the middle, values in every form the core accepts (signs, exponents, ".5",
     * spaces around), 20 duplicated rows (so the split has leaks to find), read in several partitions.
     */
    private static Path writeCsv(String name, boolean withMissing) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("a,b, species ,c,d\n");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String line;
            if (i >= 480) {
                line = lines.get(i - 480); // duplicates of earlier rows
            } else {
                String species = SPECIES[rng.nextInt(SPECIES.length)];
                line = String.format(Locale.ROOT, "%.6f,%d,%s, %s ,%se-3", rng.nextGaussian() * 3, rng.nextInt(-50, 50),
                        species, rng.nextBoolean() ? "." + rng.nextInt(10) : "-" + rng.nextInt(1000) + ".25",
                        rng.nextInt(1, 99999));
            }
            if (withMissing && i % 50 == 7) {
                line = line.replaceFirst("^[^,]*,", "NA,");
            }
            lines.add(line);
            csv.append(line).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv.toString());
        return file;
    }

    /** {@link SparkSources#csv} with small file splits, so one file is several partitions. */
    private static SparkSources.Loaded csvInSplits(Path file, CsvOptions options) throws DataFileException {
        String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "4096");
        try {
            return SparkSources.csv(spark, file.toString(), options);
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", before);
        }
    }

    @Test
    void csvGivesTheCoresRowsClassesAndManifest() throws IOException {
        Path file = writeCsv("iris-like.csv", false);
        for (CsvOptions options : List.of(CsvOptions.classification("species").withDtype(DType.FLOAT64),
                CsvOptions.classification("species"))) { // float64, and the core's default float32
            SparkSources.Loaded loaded = csvInSplits(file, options);
            Dataset core = CsvReader.read(file, options).dataset();
            assertThat(loaded.rows().rdd().getNumPartitions()).as("partitions").isGreaterThan(2);
            assertThat(loaded.classNames()).containsExactly("Beta", "setosa", "sp \"q\", x", "versicolor", "virginica")
                    .isEqualTo(core.classNames());
            assertThat(loaded.featureNames()).containsExactly("a", "b", "c", "d").isEqualTo(core.featureNames());
            assertSameRows(loaded, core);
            assertSameSplit(loaded, core);
            assertThat(loaded.description()).contains("500 rows", "5 classes");
        }
    }

    @Test
    void csvWithMissingValuesAllowedDropsTheRowsAndNumbersTheRestAsTheCore() throws IOException {
        Path file = writeCsv("missing.csv", true);
        CsvOptions options = CsvOptions.classification("species").withDtype(DType.FLOAT64).withAllowMissing(true);
        SparkSources.Loaded loaded = csvInSplits(file, options);
        var core = CsvReader.read(file, options);
        assertThat(core.rowsDropped()).isEqualTo(11); // rows 7, 57 … 457, and 487 (a copy of row 7)
        assertSameRows(loaded, core.dataset());
        assertThat(loaded.description()).contains("489 rows", "11 rows with a missing value dropped");
    }

    /** The label by default in the last column, numeric class names ordered by value ("2" before "10"), as the core. */
    @Test
    void csvWithTheLabelLastAndNumericClassesOrdersThemByValue() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,grade\n");
        int[] grades = {10, 2, -1, 7};
        for (int i = 0; i < 120; i++) {
            csv.append(i % 13).append(',').append(i * 0.1).append(',').append(grades[i % 4]).append('\n');
            if (i == 50) {
                csv.append('\n'); // a blank line: skipped by both readers, not a row
            }
        }
        Path file = dir.resolve("grades.csv");
        Files.writeString(file, csv.toString());
        SparkSources.Loaded loaded = SparkSources.load(spark, file.toString(), "", 2); // as --data grades.csv
        Dataset core = CsvReader.read(file).dataset();
        assertThat(core.size()).isEqualTo(120);
        assertThat(loaded.classNames()).containsExactly("-1", "2", "7", "10").isEqualTo(core.classNames());
        assertSameRows(loaded, core);

        // the same rows in Parquet with an int label: class names are the numbers as text, in the same order
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < core.size(); i++) {
            double[] x = SparkRows.features(core.features(), i);
            rows.add(RowFactory.create(x[0], x[1], Integer.parseInt(core.classNames().get(core.labels()[i]))));
        }
        String parquet = dir.resolve("grades.parquet").toString();
        spark.createDataFrame(rows, new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("grade", DataTypes.IntegerType)).coalesce(1).write().parquet(parquet);
        SparkSources.Loaded fromParquet = SparkSources.parquet(spark, parquet, "");
        assertThat(fromParquet.classNames()).containsExactly("-1", "2", "7", "10");
        assertSameRows(fromParquet, core);
    }

    @Test
    void parquetWrittenFromTheCsvReadsBackAsTheCoresCsvRows() throws IOException {
        Path csv = writeCsv("for-parquet.csv", false);
        CsvOptions options = CsvOptions.classification("species").withDtype(DType.FLOAT64);
        Dataset core = CsvReader.read(csv, options).dataset();
        List<Row> columns = new ArrayList<>();
        List<Row> arrays = new ArrayList<>();
        for (int i = 0; i < core.size(); i++) {
            double[] x = SparkRows.features(core.features(), i);
            String species = core.classNames().get(core.labels()[i]);
            columns.add(RowFactory.create((long) i, x[0], x[1], species, x[2], x[3], "note " + i));
            arrays.add(RowFactory.create((long) i, species, x));
        }
        StructType columnSchema = new StructType().add("n", DataTypes.LongType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("species", DataTypes.StringType).add("c", DataTypes.DoubleType)
                .add("d", DataTypes.DoubleType).add("note", DataTypes.StringType);
        StructType arraySchema = new StructType().add("n", DataTypes.LongType).add("species", DataTypes.StringType)
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType));
        // three files whose names follow the row order, each in row order: Spark's writing of a sorted frame
        String byColumns = dir.resolve("by-columns.parquet").toString();
        String byArray = dir.resolve("by-array.parquet").toString();
        spark.createDataFrame(columns, columnSchema).repartitionByRange(3, col("n")).sortWithinPartitions("n").drop("n")
                .write().parquet(byColumns);
        spark.createDataFrame(arrays, arraySchema).repartitionByRange(3, col("n")).sortWithinPartitions("n").drop("n")
                .write().parquet(byArray);

        SparkSources.Loaded loaded = SparkSources.parquet(spark, byColumns, "species");
        assertThat(loaded.featureNames()).containsExactly("a", "b", "c", "d");
        assertThat(loaded.classNames()).isEqualTo(core.classNames());
        assertThat(loaded.description()).contains("left out, not numeric: note (string)");
        assertSameRows(loaded, core);
        assertSameSplit(loaded, core);

        SparkSources.Loaded fromArray = SparkSources.load(spark, byArray, "species", 2); // a directory of Parquet files
        assertThat(fromArray.featureNames()).isEmpty();
        assertSameRows(fromArray, core);
        assertSameSplit(fromArray, core);
    }

    /**
     * Fashion-MNIST's test set (10,000 images) in 4 ranges, from the gzipped files and from plain copies: labels and
     * row hashes of every image, features bit for bit of every 97th, and the manifest, against the core's loader.
     */
    @Test
    void fashionMnistTestSetReadInRangesEqualsTheCoresLoader() throws IOException {
        Path installed = FashionMnist.DEFAULT_DIRECTORY;
        Assumptions.assumeTrue(Files.isRegularFile(installed.resolve("t10k-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed in " + installed + " (apt-get install dataset-fashion-mnist); skipped");
        Dataset core = FashionMnist.test(installed);
        Path plain = Files.createDirectories(dir.resolve("fashion-plain"));
        for (String stem : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(installed.resolve(stem + ".gz")));
                 OutputStream out = Files.newOutputStream(plain.resolve(stem))) {
                in.transferTo(out);
            }
        }
        for (Path source : List.of(installed, plain)) {
            SparkSources.Loaded loaded = SparkSources.fashionMnist(spark, source, true, 4);
            assertThat(loaded.rows().rdd().getNumPartitions()).isEqualTo(4);
            assertThat(loaded.classNames()).isEqualTo(core.classNames());
            Map<Long, long[]> labelAndHash = new HashMap<>();
            for (Row r : SparkSplit.assign(SPLIT, loaded.rows()).select(SparkRows.ID, SparkRows.LABEL, SparkRows.HASH)
                    .collectAsList()) {
                labelAndHash.put(r.getLong(0), new long[] {r.getInt(1), r.getLong(2)});
            }
            assertThat(labelAndHash).hasSize(core.size());
            for (int i = 0; i < core.size(); i++) {
                long[] got = labelAndHash.get((long) i);
                assertThat(got[0]).as("label of %d", i).isEqualTo(core.labels()[i]);
                assertThat(got[1]).as("hash of %d", i).isEqualTo(RowHash.features(SparkRows.features(core.features(), i)));
            }
            for (Row r : loaded.rows().filter(col(SparkRows.ID).mod(97).equalTo(0)).collectAsList()) {
                int i = (int) r.getLong(0);
                assertThat(SparkRows.features(r, 2)).as("features of %d", i).isEqualTo(SparkRows.features(core.features(), i));
            }
            assertSameSplit(loaded, core);
        }
    }

    /** A small Fashion-MNIST-shaped directory: {@code n} random 28×28 images, gzipped or plain. */
    private static Path writeIdx(String name, int n, boolean gzip, int badLabelAt, int cutImageBytes) throws IOException {
        SplittableRandom rng = new SplittableRandom(n);
        byte[] pixels = new byte[16 + n * 784];
        byte[] labels = new byte[8 + n];
        java.nio.ByteBuffer.wrap(pixels).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        java.nio.ByteBuffer.wrap(labels).putInt(0x00000801).putInt(n);
        for (int i = 16; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[8 + i] = (byte) (i == badLabelAt ? 12 : rng.nextInt(10));
        }
        Path out = Files.createDirectories(dir.resolve(name));
        write(out.resolve("t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")), java.util.Arrays.copyOf(pixels,
                pixels.length - cutImageBytes), gzip);
        write(out.resolve("t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")), labels, gzip);
        return out;
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }

    /** Without the installed data set: 50 images in 7 ranges (some of 7, some of 8), gzipped and plain. */
    @Test
    void idxRangesOfASmallDirectoryEqualTheCoresLoader() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path source = writeIdx("idx-" + gzip, 50, gzip, -1, 0);
            Dataset core = FashionMnist.test(source);
            SparkSources.Loaded loaded = SparkSources.fashionMnist(spark, source, true, 7);
            assertThat(loaded.rows().rdd().getNumPartitions()).isEqualTo(7);
            assertSameRows(loaded, core);
            assertThat(loaded.description()).contains("50 images", "7 ranges");
        }
    }

    /**
     * A plain file cut short is refused from its size before any task runs; a gzipped one, and a label out of range,
     * fail the first action with the message the core gives, naming the file and byte.
     */
    @Test
    void damagedIdxFilesAreNamedWithTheByte() throws IOException {
        Path cutPlain = writeIdx("idx-cut-plain", 20, false, -1, 100);
        assertThatThrownBy(() -> SparkSources.fashionMnist(spark, cutPlain, true, 3)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte, byte 15596: the header (20×28×28) needs 15696 bytes but "
                        + "the file has 15596; it is truncated, fetch it again");
        Path cutGzip = writeIdx("idx-cut-gzip", 20, true, -1, 100);
        SparkSources.Loaded truncated = SparkSources.fashionMnist(spark, cutGzip, true, 3);
        assertThatThrownBy(() -> truncated.rows().count()).hasMessageContaining("t10k-images-idx3-ubyte.gz, byte 15596: "
                + "truncated data: the file ends inside example 19 of 20");
        Path badLabel = writeIdx("idx-bad-label", 20, false, 13, 0);
        SparkSources.Loaded bad = SparkSources.fashionMnist(spark, badLabel, true, 3);
        assertThatThrownBy(() -> bad.rows().count()).hasMessageContaining("t10k-labels-idx1-ubyte, byte 21: label 12 "
                + "of example 13 is not a class index in [0, 10)");
        assertThatThrownBy(() -> FashionMnist.test(badLabel)).hasMessageContaining("byte 21").hasMessageContaining(
                "label 12 of example 13 is not a class index in [0, 10)");
    }

    @Test
    void digitsAreTheBundledSet() throws DataFileException {
        SparkSources.Loaded loaded = SparkSources.load(spark, "digits", "", 3);
        assertThat(loaded.rows().rdd().getNumPartitions()).isEqualTo(3);
        Dataset core = Digits.load(DType.FLOAT64);
        assertThat(loaded.classNames()).isEqualTo(core.classNames());
        assertSameSplit(loaded, core);
    }

    // ------------------------------------------------------------------------------------------- bad inputs

    @Test
    void aMissingFileIsNamedWithTheFix() {
        String missing = dir.resolve("nowhere.csv").toString();
        assertThatThrownBy(() -> SparkSources.csv(spark, missing)).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such file; check the path");
        assertThatThrownBy(() -> SparkSources.parquet(spark, missing, "label")).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such file; check the path");
        assertThatThrownBy(() -> SparkSources.fashionMnist(spark, dir.resolve("no-fashion"), true, 2))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("Fashion-MNIST directory does not exist; install it with 'apt-get install "
                        + "dataset-fashion-mnist'");
    }

    @Test
    void aNonNumericFeatureNamesTheFileRowColumnAndValue() throws IOException {
        Path file = dir.resolve("bad-value.csv");
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(i == 206 ? "abc" : String.valueOf(i * 2)).append(',')
                    .append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Files.writeString(file, csv.toString());
        assertThatThrownBy(() -> csvInSplits(file, CsvOptions.defaults())).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", data row 207: column 'b' holds 'abc', which is not a number; fix the value, or "
                        + "leave the column out with --drop-columns 'b' (CsvOptions.withDropColumns)");
        assertThatThrownBy(() -> CsvReader.read(file)).hasMessageContaining("line 208: column 'b' holds 'abc', which is "
                + "not a number; fix the value, or leave the column out with --drop-columns 'b'");
    }

    @Test
    void aMissingValueAndARaggedRowAreNamed() throws IOException {
        Path empty = dir.resolve("empty-cell.csv");
        Files.writeString(empty, "a,b,label\n1,2,x\n3,,y\n5,6,x\n");
        assertThatThrownBy(() -> SparkSources.csv(spark, empty.toString())).isInstanceOf(DataFileException.class)
                .hasMessage(empty + ", data row 2: column 'b' is empty; fill it in, or drop rows with a missing value "
                        + "(--allow-missing, CsvOptions.withAllowMissing(true))");
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,x\n3,4,5,y\n5,6,x\n");
        assertThatThrownBy(() -> SparkSources.csv(spark, ragged.toString())).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(ragged + ": a row does not have the header's 3 columns ('a', 'b', 'label')")
                .hasMessageContaining("(Spark: Malformed records are detected in record parsing");
    }

    @Test
    void aMissingLabelColumnListsTheColumns() throws IOException {
        Path file = writeCsv("no-kind.csv", false);
        assertThatThrownBy(() -> SparkSources.csv(spark, file.toString(), CsvOptions.classification("Species")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", header: no label column named 'Species' (did you mean 'species'? names are "
                        + "case-sensitive); the header has 'a', 'b', 'species', 'c', 'd' — use one of these");
        String parquet = dir.resolve("no-kind.parquet").toString();
        spark.createDataFrame(List.of(RowFactory.create(1.0, "x"), RowFactory.create(2.0, "y")),
                new StructType().add("a", DataTypes.DoubleType).add("label", DataTypes.StringType)).write().parquet(parquet);
        assertThatThrownBy(() -> SparkSources.parquet(spark, parquet, "kind")).isInstanceOf(DataFileException.class)
                .hasMessage(parquet + ": no label column named 'kind'; the file has a (double), label (string) — use one "
                        + "of these");
    }

    @Test
    void aNullParquetValueAndASingleClassAreNamed() throws IOException {
        String parquet = dir.resolve("with-null.parquet").toString();
        spark.createDataFrame(List.of(RowFactory.create(1.0, 2.0, "x"), RowFactory.create(3.0, null, "y"),
                        RowFactory.create(5.0, 6.0, "x")),
                new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                        .add("label", DataTypes.StringType)).coalesce(1).write().parquet(parquet);
        assertThatThrownBy(() -> SparkSources.parquet(spark, parquet, "label")).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(parquet + ", row 2 (row 1 of file:")
                .hasMessageEndingWith(": column 'b' is null, a missing value; fill it in, or filter out rows with a "
                        + "missing value");
        Path single = dir.resolve("single.csv");
        Files.writeString(single, "a,b,label\n1,2,only\n3,4,only\n");
        assertThatThrownBy(() -> SparkSources.csv(spark, single.toString())).isInstanceOf(DataFileException.class)
                .hasMessage(single + ": label column 'label' holds a single class, 'only', in all 2 rows; classification "
                        + "needs at least 2 classes — check the label column");
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The Spark rows collected back equal the core's data set: ids 0..n-1, labels, features bit for bit. */
    private static void assertSameRows(SparkSources.Loaded loaded, Dataset core) {
        List<Row> rows = loaded.rows().collectAsList();
        assertThat(rows).hasSize(core.size());
        assertThat(loaded.classNames()).isEqualTo(core.classNames());
        for (Row r : rows) {
            long id = r.getLong(0);
            assertThat(id).isBetween(0L, core.size() - 1L);
            int i = (int) id;
            assertThat(r.getInt(1)).as("label of row %d", i).isEqualTo(core.labels()[i]);
            assertThat(SparkRows.features(r, 2)).as("features of row %d", i).isEqualTo(SparkRows.features(core.features(), i));
        }
        assertThat(rows.stream().mapToLong(r -> r.getLong(0)).distinct().count()).isEqualTo(core.size());
    }

    /** Content-hash splitting puts duplicates in one part, so the 20 duplicated CSV rows leak nowhere. */
    private static void assertSameSplit(SparkSources.Loaded loaded, Dataset core) {
        var onSpark = SparkSplit.apply(SPLIT, loaded.rows(), loaded.classNames()).manifest();
        assertThat(onSpark).isEqualTo(LocalContentHashSplit.apply(SPLIT, core).manifest());
        assertThat(onSpark.leakage().clean()).isTrue();
    }
}
