package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;

/**
 * {@link ModelBundle#load}: a model directory made from any bytes is loaded, or rejected with a
 * {@link ModelFileException} naming the directory's files ("every problem is a ModelFileException naming the
 * file"). A bundle that loads is usable: its class names fit the network's outputs (none, one per output, or
 * two for a single sigmoid output) and it predicts one row per example.
 *
 * <p>An input is both files of the directory: a 4-byte big-endian length n, n bytes of {@code model.json},
 * then {@code weights.safetensors} (see {@link #encode}); an input too short for its length gives
 * {@code model.json} alone, so a missing weights file is fuzzed too.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/ModelBundleFuzzTestInputs/load/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='ModelBundleFuzzTest#load'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class ModelBundleFuzzTest {

    private static final ReaderContract CONTRACT = ReaderContract.of("ModelBundle.load", ModelFileException.class);

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void load(byte[] input) throws IOException {
        Path directory = work.resolve("model");
        Files.createDirectories(directory);
        Path config = directory.resolve(ModelBundle.CONFIG_FILE);
        Path weights = directory.resolve(ModelBundle.WEIGHTS_FILE);
        Files.deleteIfExists(weights);
        int configLength = input.length < 4 ? -1 : ByteBuffer.wrap(input, 0, 4).getInt();
        if (configLength < 0 || configLength > input.length - 4) {
            Files.write(config, input);
        } else {
            Files.write(config, Arrays.copyOfRange(input, 4, 4 + configLength));
            Files.write(weights, Arrays.copyOfRange(input, 4 + configLength, input.length));
        }

        ModelBundle bundle = CONTRACT.readOrReject(directory, input.length, () -> ModelBundle.load(directory));
        if (bundle != null) {
            Network network = bundle.network();
            int names = bundle.classNames().size();
            assertThat(names == 0 || names == network.outputs() || network.outputs() == 1 && names == 2)
                    .as("%d class names for %d outputs: %s", names, network.outputs(), bundle.classNames())
                    .isTrue();
            Matrix predicted = bundle.predict(Matrix.zeros(network.dtype(), 1, network.inputs()));
            assertThat(predicted.rows()).isEqualTo(1);
            assertThat(predicted.cols()).isEqualTo(network.outputs());
        }
    }

    /** An input of {@link #load} holding {@code modelJson} and {@code weights}. */
    static byte[] encode(byte[] modelJson, byte[] weights) {
        return ByteBuffer.allocate(4 + modelJson.length + weights.length)
                .putInt(modelJson.length).put(modelJson).put(weights).array();
    }
}
