package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spark jobs on a real standalone cluster of separate JVMs on this machine (a master and two workers of one core
 * each, {@link StandaloneCluster}), driven by {@link StandaloneClusterDriver} in a child JVM (see there why not in
 * this one: {@link LocalSpark}'s session), and a worker killed with {@code SIGKILL} in the middle of a run of jobs:
 * every job must still return its exact value, its lost cached partitions recomputed from the lineage on the
 * surviving executor. Prints {@code MEASURE} lines: cluster start, driver start, job times before and after the kill.
 * The logs stay in {@code plumb-spark/target/standalone-cluster} for a look after a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

    private static final int JOBS = 60;
    private static final int KILL_AFTER = 20;

    private static StandaloneCluster cluster;
    private static StandaloneClusterDriver.Child driver;

    @BeforeAll
    static void startClusterAndDriver() throws Exception {
        StandaloneCluster.assumeAvailable();
        Path dir = Path.of("target", "standalone-cluster").toAbsolutePath();
        StandaloneCluster.deleteRecursively(dir);
        long t0 = System.nanoTime();
        cluster = StandaloneCluster.start(dir, 2, 1, "1g");
        long t1 = System.nanoTime();
        driver = StandaloneClusterDriver.Child.start(cluster, 2);
        String[] ready = driver.expect("READY", 90);
        long t2 = System.nanoTime();
        System.out.printf("MEASURE standalone cluster (master + 2 workers) registered in %d ms; driver up with %s "
                        + "executors and the cache filled in %d ms (its session: %s ms)%n",
                ms(t1 - t0), ready[1], ms(t2 - t1), ready[2]);
        assertThat(Integer.parseInt(ready[1])).as("executors registered with the driver").isEqualTo(2);
    }

    @AfterAll
    static void stopDriverAndCluster() throws Exception {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void sumOverCachedPartitionsOnTwoExecutors() throws Exception {
        driver.send("SUM");
        String[] sum = driver.expect("SUM", 60);
        System.out.printf("MEASURE sum over 8 cached partitions: %s ms%n", sum[2]);
        assertThat(Long.parseLong(sum[1])).isEqualTo(StandaloneClusterDriver.sumOfSquares());
    }

    @Test
    @Order(2)
    void jobsReturnExactValuesWhileAWorkerIsKilled() throws Exception {
        long[] millis = new long[JOBS];
        int killedExecutors = -1;
        driver.send("CACHED");
        assertThat(Integer.parseInt(driver.expect("CACHED", 30)[1])).as("cached partitions before the kill")
                .isEqualTo(StandaloneClusterDriver.PARTITIONS);
        driver.send("LOOP " + JOBS);
        for (int i = 0; i < JOBS; i++) {
            String[] job = driver.expect("JOB", 60);
            assertThat(Integer.parseInt(job[1])).as("job number").isEqualTo(i);
            assertThat(Long.parseLong(job[2])).as("value of job %d", i).isEqualTo(StandaloneClusterDriver.loopValue(i));
            millis[i] = Long.parseLong(job[3]);
            if (i == KILL_AFTER - 1) {
                // the driver runs job KILL_AFTER meanwhile: its own process, its own pace
                killedExecutors = cluster.killWorker(0);
            }
        }
        driver.expect("LOOP_DONE", 10);
        assertThat(killedExecutors).as("executor processes killed with worker 0").isGreaterThanOrEqualTo(1);

        driver.send("AWAIT_REMOVED 1 30000");
        String[] removed = driver.expect("REMOVED", 40);
        System.out.printf("MEASURE %d jobs of 8 partitions (%d ms sleep each): median %d ms before the kill "
                        + "(jobs 1-%d), slowest around the kill %d ms, median after %d ms; executors removed %s (%s), "
                        + "live %s%n",
                JOBS, StandaloneClusterDriver.SLEEP_MS, median(millis, 1, KILL_AFTER),
                KILL_AFTER - 1, max(millis, KILL_AFTER, Math.min(JOBS, KILL_AFTER + 3)),
                median(millis, KILL_AFTER + 3, JOBS), removed[1], removed.length > 3 ? removed[3] : "", removed[2]);
        assertThat(Integer.parseInt(removed[1])).as("executors removed, seen by the driver's listener").isEqualTo(1);
        assertThat(Integer.parseInt(removed[2])).as("executors left").isEqualTo(1);
        driver.send("CACHED");
        assertThat(Integer.parseInt(driver.expect("CACHED", 30)[1]))
                .as("cached partitions after the kill: the lost ones recomputed and cached on the survivor")
                .isEqualTo(StandaloneClusterDriver.PARTITIONS);
    }

    private static long median(long[] values, int from, int to) {
        long[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return part[part.length / 2];
    }

    private static long max(long[] values, int from, int to) {
        return Arrays.stream(values, from, to).max().orElse(0);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

}
