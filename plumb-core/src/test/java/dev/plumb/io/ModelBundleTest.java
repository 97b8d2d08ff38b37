package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

class ModelBundleTest {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static NetworkSpec spec() {
        return new NetworkSpec(64, List.of(LayerSpec.dense(32, Activation.tanh()), LayerSpec.dropout(0.9),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aLoadedModelPredictsBitIdentically(DType dtype, @TempDir Path dir) throws Exception {
        Split.Parts parts = new Split(0.8, 0.1, 0.1, 3, false).apply(Digits.load(dtype));
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());
        Network network = spec().build(dtype, 3);
        new Trainer(new TrainConfig(2, 64, 0.01, 3, true), new Adam()).fit(network, train, null);
        ModelBundle saved = new ModelBundle(network, standardizer, DIGITS, parts.manifest());
        saved.save(dir.resolve("model"));

        ModelBundle loaded = ModelBundle.load(dir.resolve("model"));

        Matrix raw = parts.test().features();
        assertThat(loaded.predict(raw).contentEquals(saved.predict(raw))).isTrue();
        assertThat(loaded.normalizer()).isEqualTo(standardizer);
        assertThat(loaded.classNames()).isEqualTo(DIGITS);
        assertThat(loaded.split()).isEqualTo(parts.manifest());
        assertThat(loaded.network().spec()).isEqualTo(network.spec());
        assertThat(loaded.network().dtype()).isEqualTo(dtype);
        for (var e : network.parameters().entrySet()) {
            assertThat(loaded.network().parameters().get(e.getKey()).value().contentEquals(e.getValue().value()))
                    .as(e.getKey()).isTrue();
        }
    }

    @Test
    void aMinMaxNormalizerIsSavedAndRestored(@TempDir Path dir) throws Exception {
        Split.Parts parts = new Split(0.8, 0.1, 0.1, 4, false).apply(Digits.load());
        dev.plumb.data.MinMaxScaler scaler = dev.plumb.data.MinMaxScaler.fit(parts.train());
        ModelBundle saved = new ModelBundle(spec().build(DType.FLOAT32, 4), scaler, DIGITS);
        saved.save(dir.resolve("m"));
        ModelBundle loaded = ModelBundle.load(dir.resolve("m"));
        assertThat(loaded.normalizer()).isEqualTo(scaler);
        assertThat(loaded.predict(parts.test().features()).contentEquals(saved.predict(parts.test().features()))).isTrue();
    }

    @Test
    void savingOverABundleReplacesItAndLeavesNoStagingDirectories(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model");
        new ModelBundle(spec().build(DType.FLOAT32, 1), null, DIGITS).save(target);
        Network second = spec().build(DType.FLOAT32, 2);
        new ModelBundle(second, null, DIGITS).save(target);

        ModelBundle loaded = ModelBundle.load(target);
        assertThat(loaded.network().parameters().get("W1").value().contentEquals(second.parameters().get("W1").value())).isTrue();
        assertThat(loaded.normalizer()).isNull();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model");
        }
    }

    @Test
    void aNetworkOfHandMadeLayersCannotBeBundled() {
        Network custom = Network.of(4, List.of(new Dense(4, 2, Activation.identity(), DType.FLOAT32)), Loss.meanSquaredError());
        assertThatThrownBy(() -> new ModelBundle(custom, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NetworkSpec");
    }

    @Test
    void aMissingDirectoryIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ModelBundle.load(missing))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not a model directory");
    }

    @Test
    void aCorruptConfigurationIsNamed(@TempDir Path dir) throws Exception {
        Path model = saved(dir);
        Files.writeString(model.resolve("model.json"), "{ this is not json", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("model.json")
                .hasMessageContaining("not a valid model configuration");
    }

    @Test
    void aConfigurationClaimingHugeLayersFailsOnShapesWithoutAllocatingThem(@TempDir Path dir) throws Exception {
        Path model = saved(dir);
        Path config = model.resolve("model.json");
        String json = Files.readString(config).replaceFirst("\"units\" : 32", "\"units\" : 2000000000");
        assertThat(json).contains("2000000000");
        Files.writeString(config, json);
        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("weights.safetensors")
                .hasMessageContaining("do not belong together");
    }

    @Test
    void anInvalidValueInTheConfigurationIsNamed(@TempDir Path dir) throws Exception {
        Path model = saved(dir);
        Path config = model.resolve("model.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"keepProb\" : 0.9", "\"keepProb\" : 7.0"));
        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("model.json")
                .hasMessageContaining("keepProb");
    }

    @Test
    void truncatedWeightsAreNamed(@TempDir Path dir) throws Exception {
        Path model = saved(dir);
        Path weights = model.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("weights.safetensors");
    }

    @Test
    void weightsOfAnotherArchitectureAreRefused(@TempDir Path dir) throws Exception {
        Path model = saved(dir);
        Path other = dir.resolve("other");
        NetworkSpec wider = new NetworkSpec(64, List.of(LayerSpec.dense(48, Activation.tanh()),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        new ModelBundle(wider.build(DType.FLOAT32, 1), null, DIGITS).save(other);
        Files.copy(other.resolve("weights.safetensors"), model.resolve("weights.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("'W1' is 48x64")
                .hasMessageContaining("needs 32x64");
    }

    private static Path saved(Path dir) throws ModelFileException {
        Path model = dir.resolve("model");
        new ModelBundle(spec().build(DType.FLOAT32, 5), null, DIGITS).save(model);
        return model;
    }
}
