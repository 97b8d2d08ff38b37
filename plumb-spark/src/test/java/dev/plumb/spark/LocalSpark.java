package dev.plumb.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one {@code local[2]} Spark session of this module's tests, started by the first test that asks (about three
 * seconds) and stopped when the test JVM exits: every test class shares it, so Spark starts once per build.
 * No web UI, two shuffle partitions (the default 200 would make every join of a few thousand rows 200 tasks),
 * and the driver bound to the loopback interface.
 */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("plumb-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.adaptive.enabled", "false")
                    .getOrCreate();
            SparkSession started = session;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop local spark"));
        }
        return session;
    }
}
