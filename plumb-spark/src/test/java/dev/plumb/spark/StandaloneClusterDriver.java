package dev.plumb.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark driver of {@link StandaloneClusterTest}, in a JVM of its own (client mode: the driver is this process,
 * the executors are the cluster's), talking to the test over stdin and stdout, one line per command and answer.
 *
 * <p>Why a child JVM rather than a session in the test JVM: a JVM holds one active {@code SparkContext}, and
 * {@link LocalSpark} keeps a {@code local[2]} one for the whole test run, shared by the other test classes and never
 * stopped before the JVM exits. A cluster session in the test JVM would have to stop it (and later tests would get a
 * stopped context) or run before it exists (an order surefire does not promise). In a child JVM the two never meet,
 * whatever the order of the test classes, and a driver that hangs or crashes can be killed without taking the test
 * JVM along; a distributed training test can drive its cluster the same way.
 *
 * <p>The data: 8 partitions of 10,000 squares each ({@code k²} for {@code k = 1..80,000}), cached, so that killing an
 * executor loses cached blocks that Spark must recompute from the lineage. Commands:
 * <ul>
 * <li>(at start) {@code READY <executors> <ms>}: the session is up, the expected executors registered, the cache
 * filled; the time since the session was asked for.</li>
 * <li>{@code SUM} → {@code SUM <sum of the squares> <ms>}.</li>
 * <li>{@code LOOP <n>} → {@code JOB <i> <value> <ms>} for {@code i = 0..n-1}, then {@code LOOP_DONE}; job {@code i}
 * sleeps {@link #SLEEP_MS} per partition and returns the sum of {@code k² + i}.</li>
 * <li>{@code CACHED} → {@code CACHED <partitions of the squares in the executors' block managers>}: 8 when every
 * partition is cached, also after an executor took its blocks along and the jobs recomputed them.</li>
 * <li>{@code AWAIT_REMOVED <k> <ms>} → {@code REMOVED <executors removed> <live executors> <reasons>} once a
 * listener saw {@code k} executors removed, or when {@code ms} pass (the test then sees the smaller number).</li>
 * <li>{@code QUIT} stops the session and exits 0. An error prints {@code ERROR <message>} and exits 1.</li>
 * </ul>
 */
final class StandaloneClusterDriver {

    static final int PARTITIONS = 8;
    static final long PER_PARTITION = 10_000;
    static final long SLEEP_MS = 20;

    private StandaloneClusterDriver() {
    }

    /** The sum of {@code k²} for {@code k = 1..80,000}, which {@code SUM} must return. */
    static long sumOfSquares() {
        long n = PARTITIONS * PER_PARTITION;
        return n * (n + 1) * (2 * n + 1) / 6;
    }

    /** What job {@code i} of {@code LOOP} must return. */
    static long loopValue(int i) {
        return sumOfSquares() + (long) i * PARTITIONS * PER_PARTITION;
    }

    /** {@code args}: the master URL and the number of executors to wait for. */
    public static void main(String[] args) throws Exception {
        String masterUrl = args[0];
        int executors = Integer.parseInt(args[1]);
        SparkSession spark = null;
        try {
            long t0 = System.nanoTime();
            spark = SparkSession.builder()
                    .master(masterUrl)
                    .appName("plumb standalone cluster test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.executor.memory", "512m")
                    .config("spark.executor.cores", "1")
                    // directories of the class path (target/classes, target/test-classes) are not in SPARK_HOME/jars
                    .config("spark.executor.extraClassPath", StandaloneCluster.testClassPath())
                    // tiny jobs on a shared 2-core machine: the client compiler only, less CPU spent starting up
                    .config("spark.executor.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                    // a task whose cached block is lost starts at once elsewhere rather than waiting 3 s for locality
                    .config("spark.locality.wait", "0s")
                    .getOrCreate();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<String> removed = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger removedCount = new AtomicInteger();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
                    removed.add(event.executorId() + ":" + event.reason().replaceAll("\\s+", "_"));
                    removedCount.incrementAndGet();
                }
            });
            awaitExecutors(sc, executors, 90_000);
            JavaRDD<Long> squares = squares(sc).cache();
            squares.count();
            say("READY " + liveExecutors(sc) + " " + millis(t0));

            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] command = line.trim().split(" ");
                switch (command[0]) {
                    case "SUM" -> {
                        long t = System.nanoTime();
                        long sum = squares.reduce(Long::sum);
                        say("SUM " + sum + " " + millis(t));
                    }
                    case "LOOP" -> {
                        int n = Integer.parseInt(command[1]);
                        for (int i = 0; i < n; i++) {
                            long t = System.nanoTime();
                            long value = job(squares, i);
                            say("JOB " + i + " " + value + " " + millis(t));
                        }
                        say("LOOP_DONE");
                    }
                    case "CACHED" -> say("CACHED " + Arrays.stream(sc.sc().getRDDStorageInfo())
                            .filter(info -> info.id() == squares.id()).mapToInt(info -> info.numCachedPartitions())
                            .sum());
                    case "AWAIT_REMOVED" -> {
                        int k = Integer.parseInt(command[1]);
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(command[2]));
                        while (removedCount.get() < k && System.nanoTime() < deadline) {
                            Thread.sleep(20); // a poll of the listener's count, with a deadline
                        }
                        say("REMOVED " + removedCount.get() + " " + liveExecutors(sc) + " " + String.join(",", removed));
                    }
                    case "QUIT" -> {
                        spark.stop();
                        spark = null;
                        say("BYE");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
        } catch (Throwable e) {
            e.printStackTrace();
            say("ERROR " + e.toString().replace('\n', ' '));
            System.exit(1);
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** Partition {@code p} holds {@code k²} for {@code k = p·10,000 + 1 .. (p + 1)·10,000}. */
    private static JavaRDD<Long> squares(JavaSparkContext sc) {
        List<Integer> partitions = IntStream.range(0, PARTITIONS).boxed().toList();
        return sc.parallelize(partitions, PARTITIONS).flatMap(p -> {
            List<Long> out = new ArrayList<>((int) PER_PARTITION);
            for (long k = p * PER_PARTITION + 1; k <= (p + 1) * PER_PARTITION; k++) {
                out.add(k * k);
            }
            return out.iterator();
        });
    }

    /** A small job over the cached squares: {@link #SLEEP_MS} per partition, then the sum of {@code k² + i}. */
    private static long job(JavaRDD<Long> squares, int i) {
        return squares.mapPartitions((Iterator<Long> it) -> {
            Thread.sleep(SLEEP_MS);
            long sum = 0;
            while (it.hasNext()) {
                sum += it.next() + i;
            }
            return List.of(sum).iterator();
        }).reduce(Long::sum);
    }

    /** Executors known to the driver; the status tracker lists the driver too. */
    private static int liveExecutors(JavaSparkContext sc) {
        return sc.statusTracker().getExecutorInfos().length - 1;
    }

    private static void awaitExecutors(JavaSparkContext sc, int executors, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (liveExecutors(sc) < executors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(liveExecutors(sc) + " of " + executors + " executors registered within "
                        + timeoutMs + " ms (see the workers' logs and work directories)");
            }
            Thread.sleep(50);
        }
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * The test's side of a driver: starts {@link StandaloneClusterDriver} in a child JVM on the test class path
     * (stderr, Spark's log, to {@code driver.log} in the cluster's work directory), sends commands and waits for
     * answers with a deadline, and kills the process and its children on {@link #close()}.
     */
    static final class Child implements AutoCloseable {

        private static final String EOF = "\u0000EOF";

        private final Process process;
        private final Path log;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread shutdownHook;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            // a safety net if the test JVM exits without close(); the driver also exits when its stdin closes
            this.shutdownHook = new Thread(process::destroyForcibly, "kill standalone driver");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            Thread reader = new Thread(() -> read(process.getInputStream()), "standalone driver stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts a driver for {@code cluster} that waits for {@code executors} executors before saying READY. */
        static Child start(StandaloneCluster cluster, int executors) throws IOException {
            Path log = cluster.workDir().resolve("driver.log");
            List<String> command = new ArrayList<>();
            command.add(StandaloneCluster.java());
            command.addAll(List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.addAll(StandaloneCluster.MODULE_OPTIONS);
            command.addAll(List.of("-cp", StandaloneCluster.testClassPath(), StandaloneClusterDriver.class.getName(),
                    cluster.masterUrl(), Integer.toString(executors)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            StandaloneCluster.environment(builder.environment(), StandaloneCluster.sparkHome(cluster.workDir()));
            return new Child(builder.start(), log);
        }

        private void read(InputStream stdout) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("ERROR reading the driver's stdout: " + e);
            } finally {
                lines.add(EOF);
            }
        }

        /** Sends one command line. */
        void send(String command) throws IOException {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /**
         * The next answer that starts with {@code prefix} (other lines, anything a library prints, are skipped),
         * split at spaces; throws with the driver's log tail on {@code ERROR}, end of output, or after
         * {@code timeoutSeconds}.
         */
        String[] expect(String prefix, long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failure("no " + prefix + " line from the driver within " + timeoutSeconds + " s");
                }
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    throw failure("the driver ended its output before a " + prefix + " line");
                }
                if (line.startsWith("ERROR")) {
                    throw failure("the driver failed: " + line);
                }
                if (line.startsWith(prefix + " ") || line.equals(prefix)) {
                    return line.split(" ");
                }
            }
        }

        private IllegalStateException failure(String what) {
            return new IllegalStateException(what + "\n" + StandaloneCluster.tail(log));
        }

        /** Asks the driver to stop its session and exit; kills it and its children if it has not within 20 s. */
        @Override
        public void close() throws Exception {
            try {
                if (process.isAlive()) {
                    send("QUIT");
                    process.waitFor(20, TimeUnit.SECONDS);
                }
            } catch (IOException pipeClosed) {
                // it is exiting already
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to
                }
            }
        }
    }
}
