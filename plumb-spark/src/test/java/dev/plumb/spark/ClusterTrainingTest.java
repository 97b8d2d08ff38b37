package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.DType;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.RunDirectory;

/**
 * The acceptance test of {@code plumb train --spark}: a real multi-process cluster on this machine (a standalone
 * master and two workers of one core each, every one its own JVM: {@link StandaloneCluster}), Plumb's own command
 * line submitted to it as a user would, and one worker killed with {@code SIGKILL}, executor and all, in the middle
 * of training: the run must complete every epoch, exit 0 and reach the accuracy of the same command on one machine.
 * Skipped, with the reason, only where {@link StandaloneCluster#unavailableReason()} says a cluster cannot run here.
 *
 * <p>How the driver is started, and why: through {@code org.apache.spark.deploy.SparkSubmit}, the class that
 * {@code bin/spark-submit} runs, in client deploy mode, with {@code dev.plumb.cli.Main} as the application class and
 * {@code train --spark spark://… --data digits …} as its arguments (see {@link Submission}). So the run goes through
 * everything a user's would: spark-submit's option parsing and its conf handed to the application as system
 * properties, the command line's ServiceLoader look-up of {@link SparkClusterTraining}, the session it builds, the run
 * directory it writes and its exit status. It runs in a child JVM because this one holds {@link LocalSpark}'s
 * context (see {@link StandaloneClusterDriver} for why the two must not meet), and because a driver that hangs can
 * then be killed.
 *
 * <p>What is checked of the killed run, and why so:
 * <ul>
 * <li>That it ran at all: exit status 0, outcome {@code COMPLETED}, every epoch in the history, the engine in the
 * record naming the cluster's master.</li>
 * <li>That the kill changed nothing: the same command is first run to the end on the intact cluster (the sanity run
 * that proves the submission itself works, {@link #uninterruptedRunOnTheIntactCluster}), and the killed run's
 * per-epoch costs and errors and its final evaluations must be that run's. The synchronous mode sums the gradients
 * of the two partitions each step; a partition lost with the executor is recomputed from its lineage on the survivor
 * and must give the same rows, so anything but the same numbers means a step lost, counted twice or computed on
 * other rows (measured: equal, see {@link #SAME_RUN}).</li>
 * <li>That it reaches the accuracy of the same command on one machine ({@code plumb train} without {@code --spark},
 * in this JVM through {@link dev.plumb.cli.Main#run}: the core's trainer). The two runs do not test on the same
 * digits: on Spark the parts are split off by content hash (389 test digits with the default seed), on one machine
 * by a seeded shuffle of the ratios (359). Measured here at 20, 30 and 40 epochs: one machine 96.1, 95.8 and 96.1 %,
 * the cluster 94.1, 94.6 and 94.3 %, whether a worker was killed or not, while at 40 epochs the cluster run had the
 * lower dev error (2.3 against 2.8 %): the content-hash test part is the harder sample, not the cluster the worse
 * trainer. So the bound is the one-machine accuracy minus three standard errors of the difference of two independent
 * binomial samples of these sizes (about 4.4 points), a margin of sampling, not of rounding: a fixed 1.5-point margin
 * would fail on the split alone, and the equality with the uninterrupted run above is the tight check.</li>
 * <li>That the record's test error is true, checked without the executors: the saved model, loaded with
 * {@link ModelBundle#load}, on the run's test part rebuilt here with {@link LocalContentHashSplit} (whose manifest
 * entry must be the record's: same size, same index hash).</li>
 * </ul>
 *
 * <p>Prints {@code MEASURE} lines: cluster start, the sanity run, the one-machine run, the epoch times before, around
 * and after the kill. Logs and run directories stay in {@code plumb-spark/target/cluster-training}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainingTest {

    /**
     * Long enough that most of the run comes after the kill, short enough for two runs on a loaded 2-core machine:
     * there (measured) about 1 to 2 s an epoch, after some 25 s of submission, start-up and data preparation.
     */
    private static final int EPOCHS = 30;
    /** The kill comes as soon as this epoch's line is printed: warmed up, with both executors holding data. */
    private static final int KILL_AFTER_EPOCH = 3;
    /** Standard errors of the difference of two test accuracies that the cluster run may fall short by. */
    private static final double STANDARD_ERRORS = 3;
    /**
     * How close the killed run's costs and errors must be to the uninterrupted run's: the same rows in each partition
     * (a rebuilt block is sorted by id), each partition's epoch order drawn from (seed, epoch, partition), and the
     * driver summing the partitions' shares in partition order ({@code SparkTrainingSet.sum}) give the same doubles;
     * measured equal, to the last bit. (With dropout they would not be: a rebuilt partition's dropout stream starts
     * afresh, as {@link SparkTrainingSet} says; these runs have none.)
     */
    static final double SAME_RUN = 1e-12;
    /** The options of both runs, apart from {@code --spark}, {@code --epochs} and {@code --out}. */
    private static final List<String> OPTIONS = List.of("--data", "digits", "--layers", "64", "--early-stopping", "off");
    /** The end-of-epoch line of {@code Progress} (not its lines during an epoch, which give a percentage). */
    private static final Pattern EPOCH_LINE = Pattern.compile("^\\s*epoch\\s+(\\d+)/(\\d+)\\s+train cost");

    private static Path dir;
    private static StandaloneCluster cluster;
    private static Path primaryResource;
    /** The uninterrupted run of {@link #uninterruptedRunOnTheIntactCluster}, the killed run's reference. */
    private static RunRecord uninterrupted;

    @BeforeAll
    static void startCluster() throws Exception {
        StandaloneCluster.assumeAvailable();
        dir = Path.of("target", "cluster-training").toAbsolutePath();
        StandaloneCluster.deleteRecursively(dir);
        long t0 = System.nanoTime();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "1g");
        System.out.printf("MEASURE cluster-training: master + 2 workers registered in %d ms%n", ms(System.nanoTime() - t0));
        primaryResource = primaryResource(dir.resolve("plumb-submit.jar"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The sanity run, first: the command submitted to the intact cluster and run to the end, so that a failure of
     * the submission itself (class path, options, the session) shows here, apart from the kill; its record is the
     * killed run's reference.
     */
    @Test
    @Order(1)
    void uninterruptedRunOnTheIntactCluster() throws Exception {
        Path out = dir.resolve("run-uninterrupted");
        long t0 = System.nanoTime();
        try (Submission run = Submission.start(cluster, primaryResource, dir.resolve("driver-uninterrupted"), EPOCHS,
                out)) {
            int status = run.awaitExit(180);
            assertThat(status).as("exit status of plumb train --spark (output:\n%s)", run.output()).isZero();
        }
        RunRecord record = RunRecord.read(out.resolve(RunDirectory.RUN_FILE));
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: uninterrupted run of %d epochs submitted and finished "
                        + "in %d ms, test error %.2f%%; epoch seconds %s%n", EPOCHS, ms(System.nanoTime() - t0),
                100 * record.evaluation("test").orElseThrow().error(), seconds(record));
        assertThat(record.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(record.training().history()).hasSize(EPOCHS);
        assertThat(record.setup().engine()).startsWith(cluster.masterUrl() + ", ");
        uninterrupted = record;
    }

    @Test
    @Order(2)
    void trainingCompletesWithTheExpectedAccuracyWhenAWorkerIsKilled() throws Exception {
        assertThat(uninterrupted).as("the uninterrupted run, the reference (it failed: see its test)").isNotNull();
        Evaluation oneMachine = oneMachineTest();

        Path out = dir.resolve("run-kill");
        int killedProcesses;
        List<String> output;
        long t0 = System.nanoTime();
        try (Submission run = Submission.start(cluster, primaryResource, dir.resolve("driver-kill"), EPOCHS, out)) {
            Matcher epoch = run.awaitLine(EPOCH_LINE, 150);
            while (Integer.parseInt(epoch.group(1)) < KILL_AFTER_EPOCH) {
                epoch = run.awaitLine(EPOCH_LINE, 60);
            }
            // the driver goes on with the next epoch meanwhile: its own process, its own pace
            killedProcesses = cluster.killWorker(0);
            int status = run.awaitExit(180);
            output = run.output();
            assertThat(status).as("exit status of plumb train --spark (output:\n%s)", output).isZero();
        }
        long totalMs = ms(System.nanoTime() - t0);
        assertThat(killedProcesses).as("executor processes killed with worker 0").isGreaterThanOrEqualTo(1);
        // the driver's own account that the running application lost the executor (Spark's TaskSchedulerImpl logs it
        // as an error, which the module's warnings-only Log4j configuration keeps)
        String driverLog = Files.readString(dir.resolve("driver-kill.log"), StandardCharsets.UTF_8);
        assertThat(driverLog).as("driver log").contains("Lost executor");

        RunRecord record = RunRecord.read(out.resolve(RunDirectory.RUN_FILE));
        assertThat(record.outcome()).as("outcome, stop reason: %s", record.training().stopReason())
                .isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(record.training().history()).extracting(EpochLogs::epoch)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, EPOCHS).boxed().toList());
        assertThat(record.setup().engine()).startsWith(cluster.masterUrl() + ", ");

        double[] seconds = record.training().history().stream().mapToDouble(EpochLogs::seconds).toArray();
        double[] reference = uninterrupted.training().history().stream().mapToDouble(EpochLogs::seconds).toArray();
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: %d epochs, worker 0 killed (%d processes) after epoch "
                        + "%d; run %d ms; epoch seconds (uninterrupted run in brackets): median %.2f [%.2f] before the "
                        + "kill (epochs 2-%d), %.2f [%.2f] for epoch %d (the kill), median %.2f [%.2f] after (epochs "
                        + "%d-%d); killed run: %s%n",
                EPOCHS, killedProcesses, KILL_AFTER_EPOCH, totalMs, median(seconds, 1, KILL_AFTER_EPOCH),
                median(reference, 1, KILL_AFTER_EPOCH), KILL_AFTER_EPOCH, seconds[KILL_AFTER_EPOCH],
                reference[KILL_AFTER_EPOCH], KILL_AFTER_EPOCH + 1, median(seconds, KILL_AFTER_EPOCH + 1, EPOCHS),
                median(reference, KILL_AFTER_EPOCH + 1, EPOCHS), KILL_AFTER_EPOCH + 2, EPOCHS, seconds(record));

        assertSameRun(record, uninterrupted);

        Evaluation test = record.evaluation("test").orElseThrow();
        double p = oneMachine.accuracy();
        double standardError = Math.sqrt(p * (1 - p) * (1.0 / oneMachine.examples() + 1.0 / test.examples()));
        double bound = p - STANDARD_ERRORS * standardError;
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: test accuracy %.2f%% on the cluster (%d examples) vs "
                        + "%.2f%% on one machine (%d examples); bound %.2f%% (%.0f standard errors of %.2f points)%n",
                100 * test.accuracy(), test.examples(), 100 * p, oneMachine.examples(), 100 * bound, STANDARD_ERRORS,
                100 * standardError);
        assertThat(test.accuracy()).as("test accuracy on the cluster").isGreaterThanOrEqualTo(bound);

        assertSavedModelGivesTheRecordedTestError(out, record);
    }

    /**
     * The killed run took the uninterrupted run's steps: per epoch the same training and dev cost and error, and the
     * same final evaluations (to {@link #SAME_RUN}).
     */
    private static void assertSameRun(RunRecord killed, RunRecord reference) {
        double largest = 0;
        for (int i = 0; i < EPOCHS; i++) {
            EpochLogs k = killed.training().history().get(i);
            EpochLogs r = reference.training().history().get(i);
            double[][] pairs = {{k.trainCost(), r.trainCost()}, {k.trainError(), r.trainError()},
                    {k.devCost(), r.devCost()}, {k.devError(), r.devError()}};
            for (double[] pair : pairs) {
                largest = Math.max(largest, Math.abs(pair[0] - pair[1]));
                assertThat(pair[0]).as("epoch %d of the killed run against the uninterrupted run: %s vs %s", i + 1, k, r)
                        .isCloseTo(pair[1], within(SAME_RUN));
            }
        }
        for (String split : List.of("train", "dev", "test")) {
            Evaluation k = killed.evaluation(split).orElseThrow();
            Evaluation r = reference.evaluation(split).orElseThrow();
            largest = Math.max(largest, Math.max(Math.abs(k.cost() - r.cost()), Math.abs(k.error() - r.error())));
            assertThat(k.examples()).as("%s examples", split).isEqualTo(r.examples());
            assertThat(k.cost()).as("%s cost, killed vs uninterrupted", split).isCloseTo(r.cost(), within(SAME_RUN));
            assertThat(k.error()).as("%s error, killed vs uninterrupted", split).isCloseTo(r.error(), within(SAME_RUN));
        }
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: killed vs uninterrupted run: largest difference of a "
                + "cost or error %.3g%n", largest);
    }

    /** The record's epoch times, in seconds, for a MEASURE line. */
    private static List<String> seconds(RunRecord record) {
        return record.training().history().stream().map(e -> String.format(Locale.ROOT, "%.2f", e.seconds())).toList();
    }

    /**
     * The record's test error, checked without the executors: the test part rebuilt on one machine with
     * {@link LocalContentHashSplit} from the run's own config (its manifest entry must be the record's: same size,
     * same index hash), and the saved model's predictions on it.
     */
    private static void assertSavedModelGivesTheRecordedTestError(Path out, RunRecord record) throws Exception {
        RunDirectory run = new RunDirectory(out);
        Split split = run.readSpec().data().splitBy(run.readSpec().seed());
        Split.Parts parts = LocalContentHashSplit.apply(split, Digits.load(DType.FLOAT64));
        SplitManifest.Part recorded = record.setup().split().part("test");
        SplitManifest.Part rebuilt = parts.manifest().part("test");
        assertThat(rebuilt.size()).as("test part size, rebuilt here").isEqualTo(recorded.size());
        assertThat(rebuilt.indexHash()).as("test part index hash, rebuilt here").isEqualTo(recorded.indexHash());

        ModelBundle model = ModelBundle.load(run.model());
        Dataset testPart = parts.test();
        int[] predicted = model.predictClasses(testPart.features());
        int wrong = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != testPart.labels()[i]) {
                wrong++;
            }
        }
        Evaluation test = record.evaluation("test").orElseThrow();
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: the saved model misclassifies %d of the %d test digits "
                + "(%.2f%%); the record says %.2f%%%n", wrong, predicted.length, 100.0 * wrong / predicted.length,
                100 * test.error());
        // the same weights and normalizer on the same rows: equal up to a tie broken differently by rounding
        assertThat((double) wrong).as("test examples the saved model misclassifies")
                .isCloseTo(test.error() * test.examples(), within(1.0));
    }

    /**
     * The same command on one machine, in this JVM through {@link dev.plumb.cli.Main#run} (the core's trainer, no
     * Spark), and its test evaluation.
     */
    private static Evaluation oneMachineTest() throws IOException {
        Path out = dir.resolve("run-one-machine");
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(OPTIONS);
        args.addAll(List.of("--epochs", Integer.toString(EPOCHS), "--out", out.toString(), "--quiet"));
        StringWriter text = new StringWriter();
        long t0 = System.nanoTime();
        int status;
        try (PrintWriter w = new PrintWriter(text, true)) {
            status = dev.plumb.cli.Main.run(args.toArray(String[]::new), w, w);
        }
        assertThat(status).as("one-machine run, output:\n%s", text).isZero();
        RunRecord record = RunRecord.read(out.resolve(RunDirectory.RUN_FILE));
        Evaluation test = record.evaluation("test").orElseThrow();
        System.out.printf(Locale.ROOT, "MEASURE cluster-training: one machine, %d epochs in %d ms: test accuracy %.2f%% "
                + "(%d examples)%n", EPOCHS, ms(System.nanoTime() - t0), 100 * test.accuracy(), test.examples());
        return test;
    }

    /**
     * SparkSubmit needs a primary resource, the application's jar. plumb-spark's own jar is built only at
     * {@code package}, after the tests, and every class the run needs is already on the driver's class path (the
     * test class path) and on the executors' ({@code spark.executor.extraClassPath}, as for
     * {@link StandaloneClusterDriver}). So the resource is an empty jar, a manifest naming the main class only: it
     * satisfies spark-submit (which adds it to the driver's class loader and serves it to the executors through
     * {@code spark.jars}) without bringing a second copy of any class. ({@code spark-internal} would also pass
     * spark-submit's check, but it is meant for Spark's own tools; a jar is what a user gives.)
     */
    static Path primaryResource(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.plumb.cli.Main");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }

    /**
     * One {@code plumb train --spark} run in a child JVM, submitted with {@code SparkSubmit} in client mode: its
     * stdout read line by line (and kept, then written to {@code <log>.out} with the time each line came), its stderr (Spark's warnings) in
     * {@code <log>.log}; {@link #close} kills
     * it and its children if it is still running, and a shutdown hook does if the test JVM exits first.
     */
    static final class Submission implements AutoCloseable {

        private static final String EOF = "\u0000EOF";
        /**
         * The driver's heap, then the options of driver and executors: the serial collector and the client compiler
         * only. Most of a run's wall time on this loaded 2-core machine is start-up (session, executors, the first
         * jobs' code generation), which C1 compiles sooner; the steps' arithmetic is small (digits, 64 hidden units).
         */
        private static final List<String> JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        private final Process process;
        private final Path log;
        private final Path stdout;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> output = Collections.synchronizedList(new ArrayList<>());
        /** The output with each line's arrival, seconds since the start, for {@code <log>.out}. */
        private final List<String> timed = Collections.synchronizedList(new ArrayList<>());
        private final long started = System.nanoTime();
        private final Thread shutdownHook;

        private Submission(Process process, Path log, Path stdout) {
            this.process = process;
            this.log = log;
            this.stdout = stdout;
            this.shutdownHook = new Thread(this::kill, "kill plumb train --spark");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            Thread reader = new Thread(this::read, "plumb train --spark stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * {@code java <Spark's module options> -cp <test class path> org.apache.spark.deploy.SparkSubmit --master …
         * --deploy-mode client --class dev.plumb.cli.Main … <jar> train --spark <master> <OPTIONS> --epochs … --out …}.
         * Executors: one core and 768 MB each (the workers have 1 core, 1 GB), both required before the first job
         * ({@code spark.cores.max} 2 and {@code minRegisteredResourcesRatio} 1: otherwise the first stages may run on
         * whichever executor registered first, and the kill could find worker 0 without data).
         */
        static Submission start(StandaloneCluster cluster, Path jar, Path logBase, int epochs, Path out)
                throws IOException {
            List<String> train = new ArrayList<>(OPTIONS);
            train.addAll(List.of("--epochs", Integer.toString(epochs), "--out", out.toString()));
            return start(cluster, jar, logBase, train, JVM_OPTIONS, "768m");
        }

        /**
         * As {@link #start(StandaloneCluster, Path, Path, int, Path)}, with {@code plumb train}'s own arguments (after
         * {@code --spark MASTER}), the JVM options of driver (all) and executors (all but the first, the heap) and the
         * executors' memory: what a measurement changes.
         */
        static Submission start(StandaloneCluster cluster, Path jar, Path logBase, List<String> train,
                                List<String> jvmOptions, String executorMemory) throws IOException {
            String master = cluster.masterUrl();
            String classPath = StandaloneCluster.testClassPath();
            String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
            String javacppOption = javacpp == null ? "" : " -Dorg.bytedeco.javacpp.cachedir=" + javacpp;
            List<String> command = new ArrayList<>();
            command.add(StandaloneCluster.java());
            command.addAll(jvmOptions);
            command.addAll(StandaloneCluster.MODULE_OPTIONS);
            if (javacpp != null) {
                command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
            }
            command.addAll(List.of("-cp", classPath, "org.apache.spark.deploy.SparkSubmit",
                    "--master", master, "--deploy-mode", "client", "--class", "dev.plumb.cli.Main",
                    "--name", "plumb train (" + ClusterTrainingTest.class.getSimpleName() + ")",
                    "--executor-memory", executorMemory, "--executor-cores", "1", "--total-executor-cores", "2",
                    "--conf", "spark.executor.extraClassPath=" + classPath,
                    "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", jvmOptions.subList(1, jvmOptions.size()))
                            + javacppOption,
                    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=90s",
                    "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.ui.enabled=false",
                    jar.toString(),
                    "train", "--spark", master));
            command.addAll(train);
            Path log = logBase.resolveSibling(logBase.getFileName() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            StandaloneCluster.environment(builder.environment(), StandaloneCluster.sparkHome(cluster.workDir()));
            Files.writeString(logBase.resolveSibling(logBase.getFileName() + ".command"), String.join(" ", command) + "\n");
            return new Submission(builder.start(), log, logBase.resolveSibling(logBase.getFileName() + ".out"));
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    timed.add(String.format(Locale.ROOT, "[%6.1f s] %s", (System.nanoTime() - started) / 1e9, line));
                    lines.add(line);
                }
            } catch (IOException e) {
                output.add("(error reading the driver's stdout: " + e + ")");
            } finally {
                lines.add(EOF);
            }
        }

        /**
         * The next stdout line that {@code pattern} finds, as a matched {@link Matcher}; throws, quoting the output
         * and the log's tail, at the end of the output or after {@code timeoutSeconds}.
         */
        Matcher awaitLine(Pattern pattern, long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failure("no line /" + pattern + "/ within " + timeoutSeconds + " s");
                }
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    throw failure("the driver ended its output before a line /" + pattern + "/");
                }
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }

        /** The exit status, once the process has exited; throws with the output if it runs longer than that. */
        int awaitExit(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw failure("plumb train --spark still running after " + timeoutSeconds + " s");
            }
            return process.exitValue();
        }

        /** Everything the run printed on stdout so far. */
        List<String> output() {
            synchronized (output) {
                return List.copyOf(output);
            }
        }

        private IllegalStateException failure(String what) {
            return new IllegalStateException(what + "\n  --- stdout ---\n  " + String.join("\n  ", output()) + "\n"
                    + StandaloneCluster.tail(log));
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** Kills the run if it still runs; its stdout so far goes to {@code <log>.out}, for a look after a failure. */
        @Override
        public void close() throws Exception {
            kill();
            process.onExit().get(10, TimeUnit.SECONDS);
            synchronized (timed) {
                Files.write(stdout, timed, StandardCharsets.UTF_8);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
    }

    private static double median(double[] values, int from, int to) {
        double[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return part[part.length / 2];
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

}
