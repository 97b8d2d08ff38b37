package dev.plumb.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.Standardizer;
import dev.plumb.data.io.DataFileException;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Callback;
import dev.plumb.train.Checkpoints;
import dev.plumb.workflow.ClusterTraining;
import dev.plumb.workflow.DataDrivenDefaults;
import dev.plumb.workflow.DataOptions;
import dev.plumb.workflow.DataSource;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

import static org.apache.spark.sql.functions.col;

/**
 * {@code plumb train --spark MASTER}: the core's training run with its examples on Apache Spark. Found by the command
 * line through {@link java.util.ServiceLoader} (META-INF/services), so the command line never links Spark.
 *
 * <p>What a run on Spark supports, and what it refuses (each with what to do instead): classification of numeric
 * features (a CSV file, a Parquet file, an IDX directory, {@code digits}); normalization standard or none; no
 * augmentation, text folders, regression or fine-tuning yet.
 */
public final class SparkClusterTraining implements ClusterTraining {

    private static final Pattern MASTER = Pattern.compile("local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^\\s/]+(:\\d+)?(,[^\\s/]+(:\\d+)?)*"
            + "|yarn|k8s://\\S+");

    /** Training rows the driver holds as a sample (probes, the decision boundary's extent). */
    static final int SAMPLE = 512;

    @Override
    public String name() {
        return "Apache Spark";
    }

    @Override
    public void check(String master, String mode) {
        if (master == null || !MASTER.matcher(master.trim()).matches()) {
            throw new IllegalArgumentException("Invalid value for option --spark: '" + master + "'. Expected a Spark master "
                    + "URL: local[N] (N threads in this JVM), spark://host:7077 (a standalone cluster), yarn or k8s://…");
        }
        SparkTraining.parse(mode);
    }

    @Override
    public Session connect(String master, String mode) {
        check(master, mode);
        SparkTraining training = SparkTraining.parse(mode);
        String m = master.trim();
        SparkSession.Builder builder = SparkSession.builder().master(m).appName("plumb train");
        if (m.startsWith("local")) {
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism())));
        return new SparkSessionHandle(spark, m, training);
    }

    /** One run's connection: the Spark session, stopped when the run is over. */
    static final class SparkSessionHandle implements Session {
        private final SparkSession spark;
        private final String master;
        private final SparkTraining training;
        private SparkData data;

        SparkSessionHandle(SparkSession spark, String master, SparkTraining training) {
            this.spark = spark;
            this.master = master;
            this.training = training;
        }

        @Override
        public Prepared prepare(RunSpec spec) throws DataFileException {
            refuseUnsupported(spec);
            int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
            SparkSources.Loaded loaded = SparkSources.load(spark, spec.data().source(), spec.data().label(), partitions,
                    DataSource.csvOptions(spec, DType.FLOAT64));
            String name = name(spec.data().source());
            org.apache.spark.sql.Dataset<Row> rows = loaded.rows();
            if (rows.rdd().getNumPartitions() < partitions) {
                rows = rows.repartition(partitions, col(SparkRows.ID));
            }
            Split split = spec.data().splitBy(spec.seed());
            SparkSplit.Parts parts = SparkSplit.apply(split, rows, loaded.classNames());
            Standardizer normalizer = normalize(spec.data()) ? SparkStandardizer.fit(parts) : null;
            int features = loaded.featureNames().isEmpty()
                    ? SparkRows.features(rows.select(SparkRows.FEATURES).first(), 0).length : loaded.featureNames().size();
            data = SparkData.of(parts, name, loaded.classNames(), features, normalizer, spec.precision());
            Dataset sample = sample(parts, loaded, name, features);
            String engine = master.startsWith("spark://") ? master : "spark " + master;
            SparkRunExamples examples = new SparkRunExamples(data, training, engine, sample);
            return new SparkPrepared(loaded.description() + "; on Spark " + master + " (" + rows.rdd().getNumPartitions()
                    + " partitions, " + training.describe() + ")", parts.manifest(), normalizer, examples);
        }

        @Override
        public Checkpoints checkpoints(String location) throws java.io.IOException {
            java.net.URI uri;
            try {
                uri = new java.net.URI(location);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("Invalid value for option --checkpoint-dir: '" + location + "' is not a "
                        + "URI (" + e.getReason() + "). Expected e.g. hdfs://namenode/plumb/run1 or file:///data/run1");
            }
            if (uri.getScheme() == null) {
                uri = java.nio.file.Path.of(location).toAbsolutePath().toUri();
            }
            return new HadoopCheckpoints(uri, spark.sparkContext().hadoopConfiguration());
        }

        @Override
        public void close() {
            if (data != null) {
                data.close();
            }
            spark.stop();
        }
    }

    // the data's name in the record: its file name, or the built-in set's
    private static String name(String source) {
        java.nio.file.Path file = java.nio.file.Path.of(source).getFileName();
        return file == null ? source : file.toString();
    }

    private static boolean normalize(DataOptions options) {
        return options.normalize().isAuto() || options.normalize().value() == Normalizer.Kind.STANDARD;
    }

    // what Spark does not do yet, refused before any data is read, with what to do instead
    private static void refuseUnsupported(RunSpec spec) {
        DataOptions d = spec.data();
        List<String> problems = new ArrayList<>();
        if (d.task() == DataOptions.Task.REGRESSION) {
            problems.add("--task regression (Spark trains classifiers so far; train a regression without --spark)");
        }
        if (!d.normalize().isAuto() && d.normalize().value() != Normalizer.Kind.STANDARD
                && d.normalize().value() != Normalizer.Kind.NONE) {
            problems.add("--normalize " + d.normalize().value().name().toLowerCase(Locale.ROOT)
                    + " (Spark fits standard or none)");
        }
        if (d.devFile().isPresent() || d.testFile().isPresent()) {
            problems.add("--dev-file/--test-file (on Spark the parts are split off one source by content hash)");
        }
        if (!spec.training().augment().isNone()) {
            problems.add("--augment (not on Spark yet; train without it, or on one machine)");
        }
        if (spec.model().initFrom().isPresent()) {
            problems.add("--init-from (fine-tuning runs on one machine)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Not supported with --spark: " + String.join("; ", problems));
        }
    }

    // the first SAMPLE training rows by id, raw: a bounded collect (Spark takes the smallest ids of each partition)
    private static Dataset sample(SparkSplit.Parts parts, SparkSources.Loaded loaded, String name, int features) {
        List<Row> rows = parts.train().select(SparkRows.ID, SparkRows.LABEL, SparkRows.FEATURES)
                .orderBy(SparkRows.ID).limit(SAMPLE).collectAsList();
        double[] flat = new double[rows.size() * features];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(SparkRows.features(rows.get(i), 2), 0, flat, i * features, features);
            labels[i] = rows.get(i).getInt(1);
        }
        return Dataset.classification(name + " (sample of the training part)",
                Matrix.fromRowMajor(DType.FLOAT64, rows.size(), features, flat), labels, loaded.classNames(),
                loaded.featureNames(), null);
    }

    /** The prepared data of a run on Spark. */
    private record SparkPrepared(String description, SplitManifest manifest, Standardizer fitted,
                                 SparkRunExamples examples) implements Prepared {

        @Override
        public Normalizer.State normalizer() {
            return fitted == null ? null : fitted.state();
        }

        @Override
        public DataDrivenDefaults.Resolution defaults(RunSpec spec) {
            return DataDrivenDefaults.resolve(spec, manifest.part("train").size(), manifest.part("dev").size());
        }

        @Override
        public RunResult train(RunSpec given, List<Callback> callbacks, Checkpoints checkpoints) {
            DataDrivenDefaults.Resolution defaults = defaults(given);
            RunSpec spec = defaults.spec();
            Network network = spec.model().network(examples.rawExamples().featureCount(), examples.classNames().size(),
                    spec.data().task()).build(spec.precision(), spec.seed());
            return TrainingRun.train(given, defaults, network, examples, callbacks, checkpoints);
        }
    }
}
