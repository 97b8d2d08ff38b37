package dev.plumb.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Spark standalone cluster on the loopback interface for tests: one {@code Master} and N {@code Worker}s, each
 * its own JVM started from the Spark jars on this test JVM's class path (there is no Spark distribution on a build
 * machine, and PyPI's pyspark is not reachable), so that a test can kill a worker with {@code SIGKILL} and watch a job
 * survive, which {@code local[N]} cannot show: there the executors are threads of the driver.
 *
 * <p>How the pieces fit, and why:
 * <ul>
 * <li>Master and workers get this JVM's class path and {@link #MODULE_OPTIONS}, bind {@code 127.0.0.1}
 * ({@code --host} and {@code SPARK_LOCAL_IP}, which the workers' executors inherit), a free master port found here,
 * random ({@code 0}) worker and web UI ports, and log at INFO to {@code master.log} and {@code worker-<i>.log} in the
 * work directory (through a Log4j 2 file of their own: the module's {@code log4j2-test.properties} logs warnings only,
 * and the readiness check below reads INFO lines).</li>
 * <li>A worker starts each executor with a command that Spark's {@code WorkerCommandBuilder} builds from
 * {@code SPARK_HOME}: {@code java -cp <executor extraClassPath>:$SPARK_HOME/conf:$SPARK_HOME/jars/*}, where
 * {@code jars/} is used when {@code $SPARK_HOME/RELEASE} exists (otherwise Spark looks for a source build's
 * {@code assembly/target/scala-2.13/jars} and fails). So {@link #start} makes a fake {@code SPARK_HOME} in the work
 * directory: an empty {@code RELEASE}, an empty {@code conf/} and {@code jars/} holding symbolic links to every jar of
 * the class path (or, with {@link #start(Path, int, int, String, List)}, to the jars of a Spark distribution only).
 * The class path's directories ({@code target/classes}, {@code target/test-classes} of this and the other Plumb
 * modules) cannot go into {@code jars/*}: the driver passes them with
 * {@code spark.executor.extraClassPath} (see {@link #testClassPath()}), which comes first.</li>
 * <li>{@link #start} returns once every worker logged that the master registered it (the master marks a worker ALIVE
 * when it registers it, and only then answers), or throws with the log tails.</li>
 * <li>{@link #killWorker} kills a worker and its executors (its child processes) with {@code SIGKILL}, as a machine
 * that dies would; {@link #close} kills everything, and a shutdown hook calls it if a test forgets.</li>
 * </ul>
 */
final class StandaloneCluster implements AutoCloseable {

    /**
     * The options Spark adds to its own JVMs on Java 17+ ({@code org.apache.spark.launcher.JavaModuleOptions
     * .defaultModuleOptions()} of spark-launcher 4.2.0), the same list as the surefire {@code argLine} of
     * {@code plumb-spark/pom.xml}: a Spark JVM without them fails on its first reflective access.
     */
    static final List<String> MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /**
     * Master and worker JVMs: they route a few messages and start processes, so a small heap, the serial collector
     * and the client compiler only, which start faster and leave the machine's cores to the executors and the driver.
     */
    private static final List<String> DAEMON_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final String REGISTERED = "Successfully registered with master";

    private final Path workDir;
    private final Process master;
    private String masterUrl;
    private final List<Process> workers = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private StandaloneCluster(Path workDir, Process master) {
        this.workDir = workDir;
        this.master = master;
        this.shutdownHook = new Thread(this::killAll, "stop standalone spark cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Why a cluster cannot run here, or empty when it can: the {@code java} launcher of this JVM must exist, the
     * Spark master class must be on the class path and a server socket must bind the loopback interface. Only these
     * conditions of the machine skip a test (see {@link #assumeAvailable()}); a cluster that fails to start despite
     * them is a failure, with the logs quoted, so that a broken harness cannot hide behind a skip.
     */
    static Optional<String> unavailableReason() {
        if (!Files.isExecutable(Path.of(java()))) {
            return Optional.of("no java launcher at " + java());
        }
        try {
            Class.forName("org.apache.spark.deploy.master.Master", false, StandaloneCluster.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("Spark's standalone master is not on the test class path");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
        } catch (IOException e) {
            return Optional.of("cannot bind a socket to " + LOOPBACK + ": " + e);
        }
        return Optional.empty();
    }

    /** Skips the calling test (JUnit {@link Assumptions}) with the reason when this machine cannot run a cluster. */
    static void assumeAvailable() {
        Optional<String> reason = unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(),
                () -> "Spark standalone cluster tests skipped: " + reason.orElse(""));
    }

    /**
     * Starts a master and {@code workers} workers of {@code coresPerWorker} cores and {@code workerMemory} (Spark's
     * notation, {@code 1g}) each, and returns when the master has registered all of them.
     *
     * @param workDir an empty or new directory for the fake {@code SPARK_HOME}, the logs and the workers' executor
     *                directories (executor logs are in {@code worker-<i>/<app>/<executor>/stderr})
     * @throws IllegalStateException when a process exits or the workers are not registered within 60 s, quoting
     *                               the logs' tails; whatever was started is killed first
     */
    static StandaloneCluster start(Path workDir, int workers, int coresPerWorker, String workerMemory)
            throws IOException {
        return start(workDir, workers, coresPerWorker, workerMemory, classPathJars());
    }

    /**
     * As {@link #start(Path, int, int, String)}, with the fake {@code SPARK_HOME}'s {@code jars/} holding links to
     * {@code distributionJars} only instead of every jar of the class path: what a Spark distribution ships, so
     * that executors find Plumb's classes only where an application brings them ({@code spark-submit --jars} and
     * the primary jar), as on a real cluster ({@link SparkSubmitTest}). The master and worker JVMs still run on the
     * test class path: they load no Plumb class.
     */
    static StandaloneCluster start(Path workDir, int workers, int coresPerWorker, String workerMemory,
            List<Path> distributionJars) throws IOException {
        Files.createDirectories(workDir);
        Path sparkHome = fakeSparkHome(workDir.resolve("spark-home"), distributionJars);
        Path log4j = writeLog4j(workDir.resolve("log4j2-daemons.properties"));
        int port = freePort();

        Path masterLog = workDir.resolve("master.log");
        Process master = daemon(sparkHome, log4j, masterLog, List.of("org.apache.spark.deploy.master.Master",
                "--host", LOOPBACK, "--port", Integer.toString(port), "--webui-port", "0"));
        StandaloneCluster cluster = new StandaloneCluster(workDir, master);
        try {
            cluster.awaitLine(master, masterLog, MASTER_URL.pattern());
            // the URL the master logs, not the one asked for: if another process took the port meanwhile, Spark
            // binds the next one (spark.port.maxRetries)
            Matcher m = MASTER_URL.matcher(Files.readString(masterLog, StandardCharsets.UTF_8));
            m.find();
            cluster.masterUrl = m.group(1);
            for (int i = 0; i < workers; i++) {
                Path dir = Files.createDirectories(workDir.resolve("worker-" + i));
                cluster.workers.add(daemon(sparkHome, log4j, workerLog(workDir, i), List.of(
                        "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--port", "0",
                        "--webui-port", "0", "--cores", Integer.toString(coresPerWorker), "--memory", workerMemory,
                        "--work-dir", dir.toString(), cluster.masterUrl)));
            }
            for (int i = 0; i < workers; i++) {
                cluster.awaitLine(cluster.workers.get(i), workerLog(workDir, i), REGISTERED);
            }
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>}, for {@code SparkSession.builder().master(…)}. */
    String masterUrl() {
        return masterUrl;
    }

    /** The directory given to {@link #start}. */
    Path workDir() {
        return workDir;
    }

    /**
     * Kills worker {@code i} and its executors with {@code SIGKILL} and waits until they are gone: nothing of them
     * says goodbye to the master or the driver, as when a machine dies. The descendants are listed before the worker
     * dies, since an orphaned executor is no longer the worker's child.
     *
     * @return the number of the worker's descendant processes killed (its executors: 0 when it ran none)
     */
    int killWorker(int i) {
        Process worker = workers.get(i);
        List<ProcessHandle> descendants = worker.descendants().toList();
        worker.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        awaitExit(worker.toHandle());
        descendants.forEach(StandaloneCluster::awaitExit);
        return descendants.size();
    }

    /** The log of worker {@code i}. */
    Path workerLog(int i) {
        return workerLog(workDir, i);
    }

    /** The master's log. */
    Path masterLog() {
        return workDir.resolve("master.log");
    }

    /** Kills the workers, their executors and the master; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process worker : workers) {
            all.addAll(worker.descendants().toList());
            all.add(worker.toHandle());
        }
        all.addAll(master.descendants().toList());
        all.add(master.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(StandaloneCluster::awaitExit);
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.pid() + " did not exit within 10 s of SIGKILL", e);
        }
    }

    /**
     * Polls {@code log} every 50 ms until a line matches {@code regex}; throws, quoting the log's tail, when the
     * process exits first or {@link #READY_TIMEOUT} passes.
     */
    private void awaitLine(Process process, Path log, String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(log) && pattern.matcher(Files.readString(log, StandardCharsets.UTF_8)).find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(log.getFileName() + ": the process exited with status "
                        + process.exitValue() + " before logging /" + regex + "/\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(log.getFileName() + ": no line /" + regex + "/ within "
                        + READY_TIMEOUT.toSeconds() + " s\n" + tail(log)
                        + (log.equals(masterLog()) ? "" : "\nmaster.log:\n" + tail(masterLog())));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + log, e);
            }
        }
    }

    /** The last 30 lines of {@code log}, indented, for error messages. */
    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "  (" + log + " does not exist)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder("  --- last lines of " + log + " ---\n");
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append("  ").append(l).append('\n'));
            return out.toString();
        } catch (IOException e) {
            return "  (cannot read " + log + ": " + e + ")";
        }
    }

    private static Path workerLog(Path workDir, int i) {
        return workDir.resolve("worker-" + i + ".log");
    }

    /** Starts a Spark daemon JVM on the test class path; its stdout and stderr go to {@code log}. */
    private static Process daemon(Path sparkHome, Path log4j, Path log, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(DAEMON_OPTIONS);
        command.addAll(MODULE_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-cp");
        command.add(testClassPath());
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(log.getParent().toFile());
        environment(builder.environment(), sparkHome);
        return builder.start();
    }

    /**
     * The environment of a Spark JVM of this cluster, the driver's included: the fake {@code SPARK_HOME}, the
     * loopback address, and Scala 2.13 said outright (without it Spark's launcher looks for a source build to guess
     * it); variables of a real Spark installation that would point elsewhere are removed.
     */
    static void environment(Map<String, String> env, Path sparkHome) {
        env.remove("SPARK_CONF_DIR");
        env.remove("SPARK_CLASSPATH");
        env.remove("SPARK_DIST_CLASSPATH");
        env.remove("SPARK_JAVA_OPTS");
        env.remove("HADOOP_CONF_DIR");
        env.remove("YARN_CONF_DIR");
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put("SPARK_SCALA_VERSION", "2.13");
    }

    /** The fake Spark home of a cluster started in {@code workDir}. */
    static Path sparkHome(Path workDir) {
        return workDir.resolve("spark-home");
    }

    /**
     * This test JVM's class path: surefire's {@code surefire.test.class.path} when set (the forked JVM may have been
     * started from a manifest-only jar), else {@code java.class.path}.
     */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The {@code java} launcher of this JVM. */
    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * {@code home/RELEASE} (so Spark reads {@code home/jars}), an empty {@code home/conf} and {@code home/jars} with a
     * symbolic link to each jar of the class path (the first of two jars of one file name wins, as on the class path).
     */
    private static Path fakeSparkHome(Path home, List<Path> distributionJars) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 jars of the Plumb test class path, linked for "
                + StandaloneCluster.class.getSimpleName() + "\n");
        Set<String> names = new HashSet<>();
        for (Path jar : distributionJars) {
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (name.endsWith(".jar") && Files.isRegularFile(jar) && names.add(name)) {
                Path link = jars.resolve(name);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        return home;
    }

    /** The jars (not the directories) of this test JVM's class path, in class path order. */
    static List<Path> classPathJars() {
        List<Path> jars = new ArrayList<>();
        for (String entry : testClassPath().split(Pattern.quote(File.pathSeparator))) {
            if (entry.endsWith(".jar")) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /** Log4j 2 for the daemons: INFO (the readiness lines) to the console, which {@link #daemon} sends to a file. */
    private static Path writeLog4j(Path file) throws IOException {
        Files.writeString(file, String.join("\n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
                ""));
        return file;
    }

    /**
     * A port free on the loopback interface a moment ago. Another process may take it before the master binds it;
     * the master then tries the next ports, and {@link #start} reads the one it bound from its log.
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    /** Removes {@code root} and everything under it, if it exists: a test's work directory from an earlier run. */
    static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (java.util.stream.Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
