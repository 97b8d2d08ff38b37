package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.plumb.io.ModelBundle;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.RunDirectory;

/**
 * The spark-submit line of the README ("On a real cluster"), run as written against a standalone cluster that has
 * Spark and nothing of Plumb:
 * <pre>
 * spark-submit --master spark://HOST:7077 --class dev.plumb.cli.Main --jars plumb-spark/target/plumb-spark.jar \
 *     plumb-cli/target/plumb.jar train --spark spark://HOST:7077 --data … --out …
 * </pre>
 * minus the {@code bin/spark-submit} wrapper: {@code java <Spark's module options> -cp <Spark's jars>
 * org.apache.spark.deploy.SparkSubmit …}, which is the command the wrapper's launcher builds (plus the loopback
 * settings of this one-machine cluster and quick JVM options). Where {@link ClusterTrainingTest} puts every class on
 * the class path of driver and executors and submits an empty jar, here the driver's class path and the workers'
 * {@code SPARK_HOME/jars} hold Spark's jars only, and no {@code spark.executor.extraClassPath} is set: Plumb's classes
 * reach the driver and the executors only through the two submitted jars, as on a real cluster.
 *
 * <p>"Spark's jars", the stand-in for a Spark distribution's {@code jars/} ({@link #sparkDistributionJars}): the jars
 * of this test class path (Spark 4.2.0 and its dependencies as Maven resolves them; Spark is a {@code provided}
 * dependency of this module) minus the directories ({@code target/classes}, {@code target/test-classes}), minus
 * Plumb's own dependencies, which a Spark distribution does not ship and {@code plumb.jar} carries (Jackson 3,
 * picocli, slf4j-simple, FastCSV, progressbar and its JLine, JavaCPP/OpenBLAS, protobuf-java, SnakeYAML Engine),
 * minus the test libraries (JUnit, AssertJ and theirs), and with Spark's own {@code jackson-annotations} 2.21 in
 * place of the 2.23 that the build manages for Jackson 3 (the copy a real {@code jars/} has; the pom copies it to
 * {@code target/spark-distribution}). Excluding a jar Spark does ship only makes the test stricter: then
 * {@code plumb.jar} must carry it.
 *
 * <p>plumb-spark's own jar is built at {@code package}, after this module's tests, so the test builds the same jar
 * from {@code target/classes} (classes and {@code META-INF/services}) into a temporary directory. {@code plumb.jar}
 * (the shaded CLI) exists during a multi-module {@code verify} (plumb-cli is packaged before plumb-spark's tests run);
 * in a plain {@code mvn test} it does not, and the test is skipped with that reason.
 */
class SparkSubmitTest {

    private static final int EPOCHS = 5;
    /** The quick options of the harness's driver and executors (see {@link ClusterTrainingTest}). */
    private static final List<String> QUICK = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Path segments (of the local Maven repository's layout) of the class path jars that are not Spark's. */
    private static final List<String> NOT_SPARK = List.of(
            // Plumb and the dependencies plumb.jar carries
            "/dev/plumb/", "/tools/jackson/", "/info/picocli/", "/org/slf4j/slf4j-simple/", "/de/siegmar/",
            "/me/tongfei/", "/org/jline/", "/org/bytedeco/", "/com/google/protobuf/", "/org/snakeyaml/",
            // the test libraries
            "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/org/assertj/", "/net/bytebuddy/",
            "/org/jspecify/",
            // replaced by Spark's own version, see the class comment
            "/com/fasterxml/jackson/core/jackson-annotations/");

    @Test
    void theReadmeSparkSubmitLineTrainsOnAClusterThatHasOnlySpark() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path plumbJar = module.resolveSibling("plumb-cli").resolve("target").resolve("plumb.jar");
        Assumptions.assumeTrue(Files.isRegularFile(plumbJar), () -> "SparkSubmitTest skipped: " + plumbJar
                + " does not exist (it is built by plumb-cli's package phase: run `mvn verify`, or package plumb-cli "
                + "first)");
        StandaloneCluster.assumeAvailable();

        Path dir = module.resolve("target").resolve("spark-submit");
        StandaloneCluster.deleteRecursively(dir);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Path plumbSparkJar = jarOf(module.resolve("target").resolve("classes"),
                dir.resolve("jars").resolve("plumb-spark.jar"));
        List<Path> sparkJars = sparkDistributionJars(module);
        long tJar = System.nanoTime();

        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "1g", sparkJars)) {
            long tCluster = System.nanoTime();
            String master = cluster.masterUrl();
            Path out = dir.resolve("run");
            String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
            String executorOptions = String.join(" ", QUICK)
                    + (javacpp == null ? "" : " -Dorg.bytedeco.javacpp.cachedir=" + javacpp);

            List<String> command = new ArrayList<>();
            command.add(StandaloneCluster.java());
            // what bin/spark-submit's launcher puts before the class: Spark's module options and the driver's heap
            command.addAll(StandaloneCluster.MODULE_OPTIONS);
            command.add("-Xmx1g");
            command.addAll(QUICK);
            if (javacpp != null) {
                command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
            }
            String sparkClassPath = String.join(java.io.File.pathSeparator,
                    sparkJars.stream().map(Path::toString).toList());
            command.addAll(List.of("-cp", sparkClassPath,
                    "org.apache.spark.deploy.SparkSubmit",
                    // the README's line
                    "--master", master, "--class", "dev.plumb.cli.Main", "--jars", plumbSparkJar.toString(),
                    "--conf", "spark.log.level=WARN",
                    // this one-machine cluster: loopback, small executors, both before the first job, no UI
                    "--executor-memory", "768m", "--executor-cores", "1", "--total-executor-cores", "2",
                    "--conf", "spark.executor.extraJavaOptions=" + executorOptions,
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=90s",
                    "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.ui.enabled=false",
                    plumbJar.toString(),
                    "train", "--spark", master, "--data", "digits", "--layers", "32",
                    "--epochs", Integer.toString(EPOCHS), "--early-stopping", "off", "--out", out.toString()));
            Files.writeString(dir.resolve("driver.command"), String.join(" ", command) + "\n");
            Path stdout = dir.resolve("driver.out");
            Path stderr = dir.resolve("driver.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            StandaloneCluster.environment(builder.environment(), StandaloneCluster.sparkHome(cluster.workDir()));
            Process driver = builder.start();
            boolean exited;
            try {
                exited = driver.waitFor(240, TimeUnit.SECONDS);
            } finally {
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
                driver.destroyForcibly();
                driver.onExit().get(10, TimeUnit.SECONDS);
            }
            long tRun = System.nanoTime();
            String output = Files.readString(stdout, StandardCharsets.UTF_8);
            String log = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(exited).as("the driver exited within 240 s; stdout:\n%s\n%s", output,
                    StandaloneCluster.tail(stderr)).isTrue();
            assertThat(driver.exitValue()).as("exit status of spark-submit; stdout:\n%s\n%s", output,
                    StandaloneCluster.tail(stderr)).isZero();

            RunRecord record = RunRecord.read(out.resolve(RunDirectory.RUN_FILE));
            assertThat(record.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
            assertThat(record.training().history()).hasSize(EPOCHS);
            assertThat(record.setup().engine()).as("engine").startsWith(master);
            ModelBundle model = ModelBundle.load(new RunDirectory(out).model());
            assertThat(model).isNotNull();

            // executors ran tasks with Plumb's classes from the submitted jars: each executor fetched both
            List<Path> executorLogs;
            try (Stream<Path> files = Files.walk(cluster.workDir())) {
                executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
            }
            assertThat(executorLogs).as("executor logs").isNotEmpty();
            for (Path executorLog : executorLogs) {
                String text = Files.readString(executorLog, StandardCharsets.UTF_8);
                assertThat(text).as("%s", executorLog).contains("plumb-spark.jar").contains("plumb.jar");
            }
            // one SLF4J provider on the driver: Spark's Log4j (plumb.jar's slf4j-simple sits in the application's
            // class loader, which SLF4J, loaded from Spark's jars, does not search)
            assertThat(log).as("driver stderr").doesNotContain("multiple SLF4J providers")
                    .doesNotContain("Exception");
            System.out.printf(Locale.ROOT, "MEASURE spark-submit: plumb-spark.jar built and %d Spark jars chosen in %d"
                            + " ms,"
                            + " master + 2 workers registered in %d ms, spark-submit of %d epochs ran in %d ms"
                            + " (test error %.2f%%; epoch seconds %s)%n",
                    sparkJars.size(), ms(tJar - t0), ms(tCluster - tJar), EPOCHS, ms(tRun - tCluster),
                    100 * record.evaluation("test").orElseThrow().error(),
                    record.training().history().stream()
                            .map(e -> String.format(Locale.ROOT, "%.2f", e.seconds())).toList());
        }
    }

    /** The stand-in for a Spark distribution's {@code jars/}: see the class comment. */
    static List<Path> sparkDistributionJars(Path module) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path jar : StandaloneCluster.classPathJars()) {
            String path = jar.toAbsolutePath().toString().replace('\\', '/');
            // Plumb's own modules: target/classes in a `mvn test` run, their reactor jars (plumb-core-….jar) in `verify`
            boolean plumbModule = jar.getFileName().toString().startsWith("plumb-");
            if (!plumbModule && NOT_SPARK.stream().noneMatch(path::contains)) {
                jars.add(jar);
            }
        }
        Path annotations = module.resolve("target").resolve("spark-distribution")
                .resolve("jackson-annotations-2.21.jar");
        assertThat(annotations).as("Spark's jackson-annotations, copied by the pom's dependency plugin")
                .isRegularFile();
        jars.add(annotations);
        assertThat(jars).as("Spark's jars").anyMatch(j -> j.getFileName().toString().startsWith("spark-core_2.13"))
                .noneMatch(j -> j.getFileName().toString().startsWith("plumb"));
        return jars;
    }

    /** A jar of {@code classes} (every file, {@code META-INF/services} included), as the module's package makes. */
    static Path jarOf(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

}
