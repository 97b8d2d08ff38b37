package dev.plumb.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.IntStream;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import dev.plumb.data.Digits;
import dev.plumb.data.io.ClassLabels;
import dev.plumb.data.io.CsvColumns;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvValues;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.data.io.PixelScaling;
import dev.plumb.tensor.DType;
import scala.Tuple2;

/**
 * A user's data read into a Spark data frame of {@link SparkRows} (id, label, features) on the executors, as the same
 * examples, in the same order, with the same feature order, class indices and class names as the core's single-machine
 * loader gives for the same source ({@code CsvReader}, {@code FashionMnist}, {@code Digits}). That equality is the
 * point: {@link SparkSplit} then assigns the same parts and writes the same content-hash manifest as
 * {@link LocalContentHashSplit} on the core's data, so a run on Spark and a run on one machine can be compared by
 * their manifests.
 *
 * <p><b>What reaches the driver.</b> Never rows: a CSV header line, a Parquet schema, an IDX header (16 bytes), and one
 * aggregate row per class (its name, count and feature widths), from which the driver numbers the classes. The rows
 * are read, checked and numbered by tasks.
 *
 * <p><b>Row ids.</b> A row's id is its 0-based position in the source, as row i of the core's data set is row i of the
 * file. Not {@code monotonically_increasing_id()}, which encodes the partition in the upper bits and is not a row
 * number. CSV and Parquet ids come from {@code RDD.zipWithIndex}, which counts the rows of each partition in a small
 * job and then numbers partition by partition: deterministic as long as the partitions come in file order, which Spark
 * guarantees for the splits of one file (ordered by offset; the last, shorter split stays last), and which Parquet
 * input of several files gets from a sort by file name and row index within the file
 * ({@code _metadata.file_path}, {@code _metadata.row_index}). IDX ids are the example indices themselves.
 *
 * <p><b>Errors.</b> Every problem in a file is one {@link DataFileException} naming the file, where (the header, a data
 * row, a byte), the column and the value, and what to do — the core reader's wording for the same case. CSV and
 * Parquet are checked here, eagerly: numbering the classes needs one pass over every row anyway, and that pass parses
 * every cell. IDX rows are checked lazily by the tasks that read them (a full check would decompress the whole file
 * once more): a damaged byte or a label out of range fails the first action on the rows with a {@code SparkException}
 * whose message holds the same text (and whose cause, when Spark keeps the task's exception, is that problem as an
 * {@link IllegalArgumentException}). Spark's own exceptions are checked exceptions thrown undeclared; failures that are
 * not a problem of the file propagate as Spark threw them.
 *
 * <p><b>Cost.</b> The rows are not cached: each action on {@link Loaded#rows()} reads the source again, and loading
 * reads it too: a CSV file twice (counting the rows of each partition for {@code zipWithIndex}, then checking every
 * row and gathering the classes), a Parquet source three times (the sort samples it, then the same two passes) plus
 * the sort's shuffle. Persist the rows when they are used more than once, as {@link SparkSplit#apply} does. Dropping
 * rows for missing values ({@link CsvOptions#allowMissing()}) adds one more count, to renumber the kept rows.
 */
public final class SparkSources {

    /** The built-in digits' name, as a command line names it. */
    public static final String DIGITS = "digits";

    private SparkSources() {
    }

    /**
     * A source read into Spark.
     *
     * @param rows         id (long), label (int, an index into {@code classNames}), features (array of double)
     * @param classNames   class names in class-index order, as the core's loader orders them
     * @param featureNames the feature columns' names, in feature order (empty when the source has none: images, an
     *                     array column)
     * @param description  one line saying what was loaded, for a log or the CLI
     */
    public record Loaded(Dataset<Row> rows, List<String> classNames, List<String> featureNames, String description) {

        public Loaded {
            Objects.requireNonNull(rows, "rows");
            classNames = List.copyOf(classNames);
            featureNames = List.copyOf(featureNames);
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * A {@code data} option read as the CLI's {@code DataSource} reads it, into Spark: {@code digits}; {@code
     * fashion-mnist} or a directory holding {@code train-images-idx3-ubyte(.gz)} (the training images: the official
     * test set is {@link #fashionMnist(SparkSession, Path, boolean, int) fashionMnist(…, true, …)}); a path ending in
     * {@code .parquet}, or a directory of Parquet files; otherwise a CSV file with the core's default options.
     *
     * @param label      the label column's name, or "" for the last column (CSV, Parquet)
     * @param partitions the partitions of digits and the ranges of IDX files (CSV and Parquet follow Spark's file splits)
     */
    public static Loaded load(SparkSession spark, String data, String label, int partitions) throws DataFileException {
        return load(spark, data, label, partitions, null);
    }

    /**
     * As {@link #load(SparkSession, String, String, int)}, a CSV file read with {@code csv} (the run's options, as
     * {@code dev.plumb.workflow.DataSource#csvOptions} makes them; null: the defaults with {@code label}).
     */
    public static Loaded load(SparkSession spark, String data, String label, int partitions, CsvOptions csv)
            throws DataFileException {
        Objects.requireNonNull(data, "data");
        if (data.equalsIgnoreCase(DIGITS)) {
            return digits(spark, partitions);
        }
        if (data.equalsIgnoreCase(FashionMnist.NAME)) {
            return fashionMnist(spark, FashionMnist.DEFAULT_DIRECTORY, false, partitions);
        }
        Path path = Path.of(data);
        if (Files.isRegularFile(path.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(path.resolve("train-images-idx3-ubyte"))) {
            return fashionMnist(spark, path, false, partitions);
        }
        if (data.endsWith(".parquet") || Files.isDirectory(path)) {
            return parquet(spark, data, label);
        }
        CsvOptions options = csv != null ? csv
                : label == null || label.isBlank() ? CsvOptions.defaults() : CsvOptions.classification(label);
        return csv(spark, data, options);
    }

    // ---------------------------------------------------------------------------------------------------- digits

    /**
     * The bundled handwritten digits (1,797 8×8 images, 10 classes), loaded on the driver and distributed: the one
     * source small enough for that, as it ships inside Plumb.
     */
    public static Loaded digits(SparkSession spark, int partitions) {
        dev.plumb.data.Dataset digits = Digits.load(DType.FLOAT64);
        return new Loaded(SparkRows.of(spark, digits, partitions), digits.classNames(), digits.featureNames(),
                "the bundled handwritten digits (1,797 8x8 images, 10 classes)");
    }

    // ---------------------------------------------------------------------------------------------------- CSV

    /** A CSV file with {@link CsvOptions#defaults()}: the last column is the class label, float32 values. */
    public static Loaded csv(SparkSession spark, String path) throws DataFileException {
        return csv(spark, path, CsvOptions.defaults());
    }

    /**
     * One CSV file with a header row, read by Spark's CSV reader and checked with the core's rules ({@code CsvReader}
     * and {@link CsvOptions}: the label by name, index or the last column; the features every other column in file
     * order, less the dropped ones, or the listed ones; values at the options' precision, widened exactly to float64;
     * missing values an error unless {@link CsvOptions#allowMissing()}, which drops their rows and numbers the rest
     * from 0 as the core does). Class names are numbered as the core numbers them — by numeric value if every name is
     * a number, otherwise lexicographically — which depends only on the set of names, so one distinct-names aggregate
     * gives the core's indices.
     *
     * <p>Differences from the core, by Spark's reader: a quoted value may not span lines (Spark splits the file at line
     * breaks; {@code multiLine} would make the file one task), a gzipped file must be named {@code .gz} (the core looks
     * at its first bytes), and errors name the data row, not the line (row + 1 when the file has no blank lines).
     *
     * @throws DataFileException for a missing file, a bad header, unknown columns, a value that is not a number, a
     *                           missing value, a row with the wrong number of fields, or a single class
     */
    public static Loaded csv(SparkSession spark, String path, CsvOptions options) throws DataFileException {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(options, "options");
        if (options.task() != CsvOptions.Task.CLASSIFICATION || options.label() instanceof CsvOptions.LabelColumn.None) {
            throw new IllegalArgumentException("Invalid options for " + path + ": " + (options.task() == CsvOptions.Task.REGRESSION
                    ? "regression" : "no label column") + "; plumb-spark reads classification data only so far "
                    + "(a label column of class names)");
        }
        Path file = Path.of(path);
        requireExists(spark, path, file, true);
        String separator = String.valueOf(options.delimiter());
        List<Row> head;
        try {
            head = spark.read().option("header", false).option("sep", separator).option("escape", "\"").csv(path)
                    .limit(1).collectAsList();
        } catch (Exception e) { // Spark's exceptions are checked, thrown undeclared
            throw new DataFileException(file, "cannot be read as CSV: " + firstLine(e), e);
        }
        if (head.isEmpty() || head.get(0).length() == 0) {
            throw new DataFileException(file, "the file is empty; expected a header row naming the columns, "
                    + "then one row per example");
        }
        Row header = head.get(0);
        List<String> raw = new ArrayList<>(header.length());
        List<String> names = new ArrayList<>(header.length());
        for (int j = 0; j < header.length(); j++) {
            String name = header.isNullAt(j) ? "" : header.getString(j);
            raw.add(name);
            names.add(CsvValues.trim(j == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name));
        }
        CsvColumns layout = CsvColumns.resolveNames(file, names, options);
        // every cell a string: the checks and messages are ours, not Spark's type inference. The fields carry the
        // header's own names when Spark accepts them (non-empty, distinct ignoring case), so its header check stays
        // quiet; otherwise positional names, and Spark logs that the header differs. Cells are read by position.
        java.util.Set<String> distinct = new java.util.HashSet<>();
        boolean usable = raw.stream().allMatch(n -> !n.isEmpty() && distinct.add(n.toLowerCase(java.util.Locale.ROOT)));
        StructType strings = new StructType();
        for (int j = 0; j < names.size(); j++) {
            strings = strings.add(usable ? raw.get(j) : "_c" + j, DataTypes.StringType, true);
        }
        Dataset<Row> cells = spark.read().schema(strings)
                .option("header", true)
                .option("enforceSchema", true)
                .option("sep", separator)
                .option("escape", "\"") // RFC 4180 as the core reads it: "" is a quote inside quotes, \ is just \
                .option("mode", "FAILFAST") // a row with too few or too many fields fails, as in the core
                .csv(path);
        CsvRowParser parser = new CsvRowParser(file.toString(), layout, options);
        JavaRDD<ParsedRow> parsed;
        try {
            // zipWithIndex runs a job (the rows of each partition), which meets a ragged row first
            parsed = cells.javaRDD().zipWithIndex().map(t -> parser.parse(t._1(), t._2()));
            String label = "label column " + layout.describe(layout.label());
            return number(spark, file, parsed, layout.featureNames(), label, "CSV " + path);
        } catch (Exception e) { // SparkException is checked, thrown undeclared
            throw csvFailure(file, layout, e);
        }
    }

    /**
     * A failed Spark job over a CSV file as one {@link DataFileException}: a cell's problem, or a ragged row (Spark's
     * innermost malformed-record message, which shows the row, is quoted).
     */
    private static DataFileException csvFailure(Path file, CsvColumns layout, Exception e) {
        if (SourceFailure.find(e, file.toString()) == null) {
            Throwable malformed = null;
            for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
                if (String.valueOf(cause.getMessage()).contains("MALFORMED_RECORD_IN_PARSING")
                        || String.valueOf(cause.getMessage()).contains("Malformed records")) {
                    malformed = cause;
                }
            }
            if (malformed != null) {
                String spark = firstLine(malformed);
                int record = spark.indexOf("Malformed records");
                return new DataFileException(file, "a row does not have the header's " + layout.names().size()
                        + " columns (" + CsvValues.listNames(layout.names()) + "): fix or remove it — a value that "
                        + "contains the delimiter must be in double quotes, and a row cut short means the file was "
                        + "truncated (Spark: " + (record < 0 ? spark : spark.substring(record)) + ")", e);
            }
        }
        return SourceFailure.unwrap(e, file.toString());
    }

    // ---------------------------------------------------------------------------------------------------- Parquet

    /** A Parquet file or directory with the class label in column {@code label} ("" or null: the last column). */
    public static Loaded parquet(SparkSession spark, String path, String label) throws DataFileException {
        return parquet(spark, path, label, null);
    }

    /**
     * A Parquet file, or a directory of Parquet files (Spark's output), as Spark reads it. The label is column
     * {@code label} ("" or null: the last column), holding class names (strings) or whole numbers, numbered as the
     * core numbers a CSV's labels (by value when all are numbers, else lexicographically). The features are:
     * column {@code featuresColumn} if given (an array of numbers, or one number); else the one array-of-numbers
     * column among the others if there is exactly one; else every other numeric column, in schema order, cast to
     * double (non-numeric columns are left out and named in the description). Rows are numbered by file name, then
     * row within the file, so a file written from a data frame sorted by id reads back in that order.
     *
     * @throws DataFileException for a missing path, an unknown or unusable label column, no feature column, a null
     *                           value, NaN or an infinite value, or arrays of different lengths
     */
    public static Loaded parquet(SparkSession spark, String path, String label, String featuresColumn)
            throws DataFileException {
        Objects.requireNonNull(spark, "spark");
        Path file = Path.of(path);
        requireExists(spark, path, file, false);
        Dataset<Row> frame;
        try {
            frame = spark.read().parquet(path);
        } catch (Exception e) { // AnalysisException is checked, thrown undeclared
            throw new DataFileException(file, "cannot be read as Parquet: " + firstLine(e)
                    + "; pass a Parquet file or a directory of them", e);
        }
        StructField[] fields = frame.schema().fields();
        List<String> columns = new ArrayList<>();
        for (StructField f : fields) {
            columns.add(f.name() + " (" + f.dataType().simpleString() + ")");
        }
        if (fields.length < 2) {
            throw new DataFileException(file, "has " + fields.length + " column" + (fields.length == 1 ? "" : "s") + " ("
                    + String.join(", ", columns) + "); expected a label column and at least one feature column");
        }
        int labelAt = label == null || label.isBlank() ? fields.length - 1 : indexOf(fields, label);
        if (labelAt < 0) {
            throw new DataFileException(file, "no label column named " + CsvValues.quote(label) + caseHint(fields, label)
                    + "; the file has " + String.join(", ", columns) + " — use one of these");
        }
        StructField labelField = fields[labelAt];
        DataType labelType = labelField.dataType();
        if (!(labelType == DataTypes.StringType || isIntegral(labelType))) {
            throw new DataFileException(file, "label column " + CsvValues.quote(labelField.name()) + " holds "
                    + labelType.simpleString() + " values; expected class names (string) or class numbers (a whole-number "
                    + "type) — choose another label column");
        }
        List<Integer> arrays = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int j = 0; j < fields.length; j++) {
            if (j == labelAt) {
                continue;
            }
            DataType type = fields[j].dataType();
            if (type instanceof ArrayType a && a.elementType() instanceof NumericType) {
                arrays.add(j);
            } else if (type instanceof NumericType) {
                numbers.add(j);
            } else {
                skipped.add(columns.get(j));
            }
        }
        List<String> featureNames;
        Column features;
        String featureDescription;
        if (featuresColumn != null) {
            int j = indexOf(fields, featuresColumn);
            if (j < 0 || j == labelAt) {
                throw new DataFileException(file, (j < 0 ? "no features column named " + CsvValues.quote(featuresColumn)
                        + caseHint(fields, featuresColumn) : "the features column " + CsvValues.quote(featuresColumn)
                        + " is the label column") + "; the file has " + String.join(", ", columns));
            }
            if (arrays.contains(j)) {
                features = column(fields[j].name()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
                featureNames = List.of();
            } else if (numbers.contains(j)) {
                features = array(column(fields[j].name()).cast(DataTypes.DoubleType));
                featureNames = List.of(fields[j].name());
            } else {
                throw new DataFileException(file, "the features column " + columns.get(j) + " is neither a number nor an "
                        + "array of numbers; convert it (an ML vector with vector_to_array) or choose another column");
            }
            featureDescription = "features from column " + CsvValues.quote(fields[j].name());
        } else if (arrays.size() == 1) {
            String name = fields[arrays.get(0)].name();
            features = column(name).cast(DataTypes.createArrayType(DataTypes.DoubleType));
            featureNames = List.of();
            featureDescription = "features from array column " + CsvValues.quote(name);
        } else if (arrays.size() > 1) {
            List<String> names = arrays.stream().map(columns::get).toList();
            throw new DataFileException(file, "has " + arrays.size() + " array columns (" + String.join(", ", names)
                    + "); name the one that holds the features (SparkSources.parquet(spark, path, label, featuresColumn))");
        } else if (numbers.isEmpty()) {
            throw new DataFileException(file, "has no numeric feature column besides the label " + CsvValues.quote(labelField.name())
                    + ": " + String.join(", ", columns) + "; expected numeric columns or one array of numbers "
                    + "(convert an ML vector with vector_to_array)");
        } else {
            Column[] parts = new Column[numbers.size()];
            featureNames = new ArrayList<>();
            for (int k = 0; k < parts.length; k++) {
                String name = fields[numbers.get(k)].name();
                parts[k] = column(name).cast(DataTypes.DoubleType);
                featureNames.add(name);
            }
            features = array(parts);
            featureDescription = parts.length + " numeric feature columns"
                    + (skipped.isEmpty() ? "" : " (left out, not numeric: " + String.join(", ", skipped) + ")");
        }
        Dataset<Row> ordered = frame.select(col("_metadata.file_path").as("file"), col("_metadata.row_index").as("index"),
                        column(labelField.name()).cast(DataTypes.StringType).as("label"), features.as("features"))
                .sort("file", "index");
        ParquetRowParser parser = new ParquetRowParser(path, labelField.name(), featureNames);
        JavaRDD<ParsedRow> parsed;
        try {
            parsed = ordered.javaRDD().zipWithIndex().map(t -> parser.parse(t._1(), t._2()));
            return number(spark, file, parsed, featureNames, "label column " + CsvValues.quote(labelField.name()),
                    "Parquet " + path + ", " + featureDescription);
        } catch (Exception e) { // SparkException is checked, thrown undeclared
            throw SourceFailure.unwrap(e, path);
        }
    }

    /**
     * Checks a Parquet row on an executor: no null label, no null, NaN or infinite feature (the core's CSV reader
     * refuses the same), and turns it into a {@link ParsedRow} numbered {@code row}.
     */
    private record ParquetRowParser(String file, String label, List<String> featureNames) implements java.io.Serializable {

        ParsedRow parse(Row r, long row) {
            String where = "row " + (row + 1) + " (row " + r.getLong(1) + " of " + r.getString(0) + ")";
            if (r.isNullAt(2)) {
                throw new SourceFailure(file, where, "label column " + CsvValues.quote(label) + " is null; give every row "
                        + "a label, or filter out unlabeled rows");
            }
            if (r.isNullAt(3)) {
                throw new SourceFailure(file, where, "the features are null; fill them in, or filter out the row");
            }
            List<Double> values = r.getList(3);
            double[] x = new double[values.size()];
            for (int k = 0; k < x.length; k++) {
                Double v = values.get(k);
                String what = featureNames.isEmpty() ? "feature " + k + " (counting from 0)"
                        : "column " + CsvValues.quote(featureNames.get(k));
                if (v == null) {
                    throw new SourceFailure(file, where, what + " is null, a missing value; fill it in, or filter out "
                            + "rows with a missing value");
                }
                if (!Double.isFinite(v)) {
                    throw new SourceFailure(file, where, what + " holds " + v + ", which is not a finite number; fix "
                            + "the value or remove the row");
                }
                x[k] = v;
            }
            return new ParsedRow(row, r.getString(2), x);
        }
    }

    // ---------------------------------------------------------------------------------------------------- IDX

    /** Fashion-MNIST's training or test images from {@code directory}, pixels in [0, 1] as the core scales them. */
    public static Loaded fashionMnist(SparkSession spark, Path directory, boolean test, int partitions)
            throws DataFileException {
        return fashionMnist(spark, directory, test, PixelScaling.UNIT_INTERVAL, partitions);
    }

    /**
     * Fashion-MNIST's training ({@code train-…}) or test ({@code t10k-…}) images from a directory of the four IDX
     * files, gzipped or not (the gzipped one preferred, as the core does), read in {@code partitions} ranges of example
     * indices: each task opens the image and label files itself at the start of its range (see {@link IdxRange} for
     * what that costs on gzipped files) and streams its examples, so a task holds one image at a time. The files must
     * be readable at {@code directory} on every executor (a local copy on each machine, or a shared mount).
     *
     * <p>Pixels v become {@code v / 255f} widened to double (or v with {@link PixelScaling#RAW}): the core's float32
     * features, exactly. Class names are {@link FashionMnist#CLASS_NAMES}; ids are the example indices.
     *
     * @throws DataFileException (here, from the headers) for a missing directory or file, a file that is not an IDX file
     *                           of unsigned bytes, images that are not 28×28, or a label count that differs from the
     *                           image count; damaged data is reported when the rows are read (see the class comment)
     */
    public static Loaded fashionMnist(SparkSession spark, Path directory, boolean test, PixelScaling scaling,
                                      int partitions) throws DataFileException {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(scaling, "scaling");
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid value for argument partitions: " + partitions + ". Expected at least 1.");
        }
        if (!Files.isDirectory(directory)) {
            throw new DataFileException(directory, (Files.exists(directory) ? "is not a directory"
                    : "Fashion-MNIST directory does not exist") + "; " + FashionMnist.HOW_TO_GET);
        }
        String part = test ? "t10k" : "train";
        Path imagesFile = FashionMnist.locate(directory, part + "-images-idx3-ubyte");
        Path labelsFile = FashionMnist.locate(directory, part + "-labels-idx1-ubyte");
        IdxRange images;
        IdxRange labels;
        try {
            labels = IdxRange.open(labelsFile, 1);
            images = IdxRange.open(imagesFile, 3);
        } catch (SourceFailure e) {
            throw e.toDataFileException();
        }
        if (images.dims()[1] != 28 || images.dims()[2] != 28) {
            throw new DataFileException(imagesFile, "holds images of " + images.dims()[1] + "×" + images.dims()[2]
                    + " pixels, but Fashion-MNIST images are 28×28; the directory holds another data set");
        }
        if (images.examples() != labels.examples()) {
            throw new DataFileException(labelsFile, "byte 4", "holds " + labels.examples() + " labels but the image file "
                    + imagesFile + " holds " + images.examples() + " images; expected one label per image: use the label "
                    + "file that belongs to these images", null);
        }
        if (images.examples() == 0) {
            throw new DataFileException(imagesFile, "byte 4", "holds no images; expected at least one", null);
        }
        int ranges = Math.min(partitions, images.examples());
        JavaRDD<Integer> seeds = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(IntStream.range(0, ranges).boxed().toList(), ranges);
        JavaRDD<Row> rows = seeds.mapPartitions(new IdxRows(images, labels, ranges, FashionMnist.CLASS_NAMES.size(),
                scaling == PixelScaling.UNIT_INTERVAL));
        return new Loaded(spark.createDataFrame(rows, SparkRows.schema()), FashionMnist.CLASS_NAMES, List.of(),
                "Fashion-MNIST " + (test ? "test" : "train") + " from " + directory + " (" + images.examples()
                        + " images, read in " + ranges + " ranges on the executors)");
    }


    /**
     * The task of range p of {@code ranges}: examples [n·p/ranges, n·(p+1)/ranges), read one at a time from both files,
     * which close when the range is done or the task ends.
     */
    private record IdxRows(IdxRange images, IdxRange labels, int ranges, int classCount, boolean unitInterval)
            implements FlatMapFunction<Iterator<Integer>, Row> {

        @Override
        public Iterator<Row> call(Iterator<Integer> seeds) throws IOException {
            if (!seeds.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            int p = seeds.next();
            long n = images.examples();
            long first = n * p / ranges;
            long end = n * (p + 1) / ranges;
            boolean last = p == ranges - 1;
            double[] scale = new double[256];
            for (int v = 0; v < 256; v++) {
                scale[v] = unitInterval ? v / 255f : v; // the core's float32 value, widened exactly
            }
            InputStream pixels = images.stream(first);
            InputStream classes;
            try {
                classes = labels.stream(first);
            } catch (IOException | RuntimeException e) {
                pixels.close();
                throw e;
            }
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) done -> closeQuietly(pixels, classes));
            }
            int width = (int) images.exampleBytes();
            return new Iterator<>() {
                private long i = first;
                private final byte[] buffer = new byte[width];

                @Override
                public boolean hasNext() {
                    if (i < end) {
                        return true;
                    }
                    if (last && i == end) {
                        i++; // check once that both files end here, as the core does
                        requireEnd(pixels, images);
                        requireEnd(classes, labels);
                        closeQuietly(pixels, classes);
                    }
                    return false;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    try {
                        int got = pixels.readNBytes(buffer, 0, width);
                        if (got < width) {
                            throw truncated(images, images.dataStart() + i * width + got, i);
                        }
                        int label = classes.read();
                        if (label < 0) {
                            throw truncated(labels, labels.dataStart() + i, i);
                        }
                        if (label >= classCount) {
                            throw new SourceFailure(labels.file(), "byte " + (labels.dataStart() + i), "label " + label
                                    + " of example " + i + " is not a class index in [0, " + classCount + "); the "
                                    + "labels do not match the " + classCount + " Fashion-MNIST classes");
                        }
                        double[] x = new double[width];
                        for (int k = 0; k < width; k++) {
                            x[k] = scale[buffer[k] & 0xFF];
                        }
                        return RowFactory.create(i++, label, x);
                    } catch (IOException e) {
                        throw new SourceFailure(images.file(), "example " + i, "cannot be read: " + e.getMessage()
                                + "; the file is damaged or was changed while reading, fetch it again");
                    }
                }
            };
        }

        private static SourceFailure truncated(IdxRange file, long byteOffset, long example) {
            return new SourceFailure(file.file(), "byte " + byteOffset, "truncated data: the file ends inside example "
                    + example + " of " + file.examples() + " (header: " + IdxRange.shape(file.dims()) + "); the file is "
                    + "cut short, fetch it again");
        }

        private static void requireEnd(InputStream in, IdxRange file) {
            try {
                if (in.read() != -1) {
                    long end = file.dataStart() + file.examples() * file.exampleBytes();
                    throw new SourceFailure(file.file(), "byte " + end, "trailing bytes after the " + file.examples()
                            + " examples the header (" + IdxRange.shape(file.dims()) + ") declares; the file is damaged, "
                            + "fetch it again");
                }
            } catch (IOException e) {
                throw new SourceFailure(file.file(), "", "cannot be read: " + e.getMessage());
            }
        }

        private static void closeQuietly(InputStream a, InputStream b) {
            try {
                a.close();
            } catch (IOException ignored) {
                // closing a file opened for reading
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // closing a file opened for reading
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- shared

    /**
     * Numbers the classes of checked rows: one aggregate gives each class name with its row count and feature widths
     * (one row per class reaches the driver), the driver orders the names as the core does, and a map on the
     * executors replaces each name by its index. Rows dropped for a missing value (null label) are counted, and the
     * rest renumbered from 0 by a second {@code zipWithIndex}, as the core's data set holds the kept rows only.
     */
    private static Loaded number(SparkSession spark, Path file, JavaRDD<ParsedRow> parsed, List<String> featureNames,
                                 String labelColumn, String description) throws DataFileException {
        // keyed "+name" for a class, "-" for dropped rows: no null key needs to cross a shuffle
        Map<String, long[]> byClass = new HashMap<>();
        parsed.mapToPair(r -> new Tuple2<>(r.label() == null ? "-" : "+" + r.label(), r.features() == null
                        ? new long[] {1, Long.MAX_VALUE, -1} : new long[] {1, r.features().length, r.features().length}))
                .reduceByKey((a, b) -> new long[] {a[0] + b[0], Math.min(a[1], b[1]), Math.max(a[2], b[2])})
                .collectAsMap()
                .forEach((key, counts) -> byClass.put(key.equals("-") ? null : key.substring(1), counts));
        long[] missing = byClass.remove(null);
        long dropped = missing == null ? 0 : missing[0];
        long kept = byClass.values().stream().mapToLong(c -> c[0]).sum();
        if (kept + dropped == 0) {
            throw new DataFileException(file, "has no data rows (a CSV file: only its header); add one row per example");
        }
        if (kept == 0) {
            throw new DataFileException(file, "all " + dropped + " data rows have a missing value and were dropped "
                    + "(allow missing); nothing is left to load — fill in the missing values");
        }
        long narrowest = byClass.values().stream().mapToLong(c -> c[1]).min().orElseThrow();
        long widest = byClass.values().stream().mapToLong(c -> c[2]).max().orElseThrow();
        if (narrowest != widest) {
            throw new DataFileException(file, "rows have from " + narrowest + " to " + widest + " features; every row "
                    + "needs the same number — fix the short or long rows");
        }
        if (narrowest == 0) {
            throw new DataFileException(file, "rows have no features; expected at least one");
        }
        List<String> classNames = ClassLabels.classOrder(byClass.keySet());
        String rows = dropped == 0 ? "all " + kept + " rows" : "the " + kept + " rows kept";
        if (classNames.size() < 2) {
            throw new DataFileException(file, labelColumn + " holds a single class, " + CsvValues.quote(classNames.get(0))
                    + ", in " + rows + "; classification needs at least 2 classes — check the label column");
        }
        HashMap<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        JavaRDD<Row> numbered = dropped == 0
                ? parsed.map(r -> RowFactory.create(r.row(), index.get(r.label()), r.features()))
                : parsed.filter(r -> r.label() != null).zipWithIndex()
                        .map(t -> RowFactory.create(t._2(), index.get(t._1().label()), t._1().features()));
        return new Loaded(spark.createDataFrame(numbered, SparkRows.schema()), classNames, featureNames,
                description + " (" + kept + " rows, " + classNames.size() + " classes"
                        + (dropped == 0 ? "" : ", " + dropped + (dropped == 1 ? " row" : " rows") + " with a missing value dropped")
                        + ")");
    }

    /** Checks through Hadoop's file system (local, HDFS, S3 …) that {@code path} exists, and is a file if it must be. */
    private static void requireExists(SparkSession spark, String path, Path file, boolean mustBeFile)
            throws DataFileException {
        try {
            org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus status = fs.getFileStatus(hadoopPath);
            if (mustBeFile && status.isDirectory()) {
                throw new DataFileException(file, "is a directory, expected a CSV file");
            }
        } catch (FileNotFoundException e) {
            throw new DataFileException(file, "no such file; check the path", e);
        } catch (IOException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    private static int indexOf(StructField[] fields, String name) {
        for (int j = 0; j < fields.length; j++) {
            if (fields[j].name().equals(name)) {
                return j;
            }
        }
        return -1;
    }

    private static String caseHint(StructField[] fields, String name) {
        for (StructField f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return " (did you mean " + CsvValues.quote(f.name()) + "? names are case-sensitive)";
            }
        }
        return "";
    }

    private static boolean isIntegral(DataType type) {
        return type == DataTypes.ByteType || type == DataTypes.ShortType || type == DataTypes.IntegerType
                || type == DataTypes.LongType;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
