package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@link StandaloneCluster#start} when a worker cannot start: the error names the worker's log and quotes its tail,
 * and the master already started is killed, so a broken cluster neither hides its cause nor leaves JVMs behind.
 */
class StandaloneClusterStartFailureTest {

    @Test
    void aWorkerThatExitsIsReportedWithItsLogAndTheMasterIsKilled() {
        StandaloneCluster.assumeAvailable();
        // not a @TempDir: JUnit warns of each of the fake SPARK_HOME's ~190 links to jars as it deletes them
        Path dir = Path.of("target", "standalone-cluster-start-failure").toAbsolutePath();
        long before = ProcessHandle.current().children().count();
        assertThatThrownBy(() -> StandaloneCluster.start(dir, 1, 1, "plenty"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker-0.log: the process exited with status")
                .hasMessageContaining("--- last lines of")
                .hasMessageContaining("Usage: Worker"); // what Spark's worker says of a memory of "plenty"
        assertThat(ProcessHandle.current().children().count()).as("child processes left").isEqualTo(before);
    }
}
