package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.ModelFileException;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainingState;

/** Checkpoints on a Hadoop file system (here {@code file://}, the same code path as hdfs:// or s3a://). */
class HadoopCheckpointsTest {

    private static TrainingState state(int epoch) {
        List<EpochLogs> history = new java.util.ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            history.add(new EpochLogs(e, 1.0 / e, 0.5 / e, 1.1 / e, 0.6 / e, 1.0 / e, 0.01, 0.1));
        }
        Map<String, Matrix> parameters = new LinkedHashMap<>();
        parameters.put("W1", Matrix.of(DType.FLOAT32, new double[][] {{epoch, 2}, {3, 4}}));
        Map<String, Matrix> optimizer = new LinkedHashMap<>();
        optimizer.put("v/W1", Matrix.of(DType.FLOAT32, new double[][] {{0.5, epoch}, {0, 1}}));
        return new TrainingState(epoch, history, null, null, parameters, optimizer, Map.of());
    }

    @Test
    void theNewestCheckpointComesBackAndOnlyTwoAreKept(@TempDir Path dir) throws Exception {
        HadoopCheckpoints checkpoints = new HadoopCheckpoints(dir.resolve("run").toUri(), new Configuration());
        assertThat(checkpoints.latest()).isEmpty();
        for (int epoch = 1; epoch <= 12; epoch++) { // 12 > 10: the order is numeric, not by name
            checkpoints.save(state(epoch));
        }
        TrainingState back = checkpoints.latest().orElseThrow();
        assertThat(back.epoch()).isEqualTo(12);
        assertThat(back.history()).isEqualTo(state(12).history());
        assertThat(back.parameters().get("W1").toDoubleArray()).containsExactly(12, 2, 3, 4);
        assertThat(back.optimizer().get("v/W1").toDoubleArray()).containsExactly(0.5, 12, 0, 1);
        try (var files = Files.list(dir.resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted())
                    .containsExactly("checkpoint-11.safetensors", "checkpoint-12.safetensors");
        }
    }

    @Test
    void aCheckpointCutShortFallsBackToThePreviousOne(@TempDir Path dir) throws Exception {
        HadoopCheckpoints checkpoints = new HadoopCheckpoints(dir.toUri(), new Configuration());
        checkpoints.save(state(3));
        checkpoints.save(state(4));
        Path newest = dir.resolve("checkpoint-4.safetensors");
        byte[] whole = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(whole, whole.length / 2)); // the machine died mid-copy
        assertThat(checkpoints.latest().orElseThrow().epoch()).isEqualTo(3);

        Files.write(dir.resolve("checkpoint-3.safetensors"), new byte[] {1, 2, 3});
        assertThatThrownBy(checkpoints::latest).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("holds no readable checkpoint");
    }
}
