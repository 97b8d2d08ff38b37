package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.plumb.data.MinMaxScaler;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Standardizer;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * {@link ModelBundle#load} checks the bundle whole: weights finite, statistics finite, class names against the
 * outputs, feature names and normalizer against the inputs, and a damaged byte caught by the checksum. Each
 * case saves a valid bundle of 4 inputs → 5 tanh → 3 outputs, then damages one thing in it as a user or a
 * disk would.
 */
class ModelBundleCheckTest {

    private static final String FIX = "save the model again from its run, or correct model.json";

    @TempDir
    Path dir;

    private static NetworkSpec spec(Loss loss, int outputs) {
        return new NetworkSpec(4, List.of(LayerSpec.dense(5, Activation.tanh()),
                LayerSpec.dense(outputs, Activation.identity())), loss, 0, 0);
    }

    private Path saved(Normalizer normalizer) throws ModelFileException {
        Path model = dir.resolve("model");
        new ModelBundle(spec(Loss.softmaxCrossEntropy(), 3).build(DType.FLOAT32, 7), normalizer, List.of("a", "b", "c"),
                null, null, List.of("f1", "f2", "f3", "f4")).save(model);
        return model;
    }

    private Path saved() throws ModelFileException {
        return saved(Standardizer.of(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}));
    }

    /** Replaces {@code from} (which must occur) by {@code to} in model.json. */
    private static void edit(Path model, String from, String to) throws Exception {
        Path config = model.resolve(ModelBundle.CONFIG_FILE);
        String json = Files.readString(config);
        assertThat(json).contains(from);
        Files.writeString(config, json.replace(from, to));
    }

    /** Rewrites weights.safetensors with {@code change} applied to its tensors (a NaN, as a diverged run leaves). */
    private static void rewriteWeights(Path model, java.util.function.Consumer<Map<String, Matrix>> change)
            throws Exception {
        Path weights = model.resolve(ModelBundle.WEIGHTS_FILE);
        Map<String, Matrix> tensors = new LinkedHashMap<>(SafeTensors.read(weights).tensors());
        change.accept(tensors);
        SafeTensors.write(weights, tensors, Map.of("format", "plumb"));
    }

    // ---- non-finite values ---------------------------------------------------------------------

    @Test
    void aNonFiniteWeightIsRefusedNamingTheTensorTheFirstIndexAndTheCount() throws Exception {
        Path model = saved();
        rewriteWeights(model, t -> {
            Matrix w2 = t.get("W2"); // 3x5
            w2.set(1, 3, Double.NaN);
            w2.set(2, 0, Double.POSITIVE_INFINITY);
            w2.set(2, 4, Double.NaN);
        });

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(model.resolve("weights.safetensors") + ": tensor 'W2' has 3 non-finite values"
                        + " (NaN or infinite) of 15; the first, NaN, is at row 1, column 3; ")
                .hasMessageContaining("diverged")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aDivergedNetworkCanBeSavedForAPostMortemButIsNotLoadedForPredictions() throws Exception {
        Network network = spec(Loss.softmaxCrossEntropy(), 3).build(DType.FLOAT64, 1);
        network.parameters().get("b1").value().set(0, 4, Double.NEGATIVE_INFINITY);
        Path model = dir.resolve("diverged");

        new ModelBundle(network, null, List.of("a", "b", "c")).save(model);

        assertThat(SafeTensors.read(model.resolve("weights.safetensors")).tensors().get("b1").get(0, 4))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> ModelBundle.load(model))
                .hasMessageContaining("tensor 'b1' has 1 non-finite value (NaN or infinite) of 5; the first,"
                        + " -Infinity, is at row 0, column 4");
    }

    /** JSON has no NaN; Jackson writes it as "NaN" and reads 1e999 as infinity, so both can reach a model.json. */
    @ParameterizedTest(name = "{0} {1} := {2}")
    @CsvSource(delimiter = '|', value = {
        "standard|first|'\"NaN\"'|the normalizer's mean (μ) has 1 non-finite value (NaN or infinite) of 4; the first, NaN, is that of feature 2",
        "standard|second|1e999|the normalizer's standard deviation (σ) has 1 non-finite value (NaN or infinite) of 4; the first, Infinity, is that of feature 2",
        "minmax|first|-1e999|the normalizer's min has 1 non-finite value (NaN or infinite) of 4; the first, -Infinity, is that of feature 2",
        "minmax|second|'\"Infinity\"'|the normalizer's max has 1 non-finite value (NaN or infinite) of 4; the first, Infinity, is that of feature 2",
    })
    void nonFiniteNormalizerStatisticsAreRefused(String kind, String field, String value, String problem) throws Exception {
        Path model = saved("standard".equals(kind)
                ? Standardizer.of(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8})
                : MinMaxScaler.of(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}));
        String original = "first".equals(field) ? "[ 1.0, 2.0, 3.0, 4.0 ]" : "[ 5.0, 6.0, 7.0, 8.0 ]";
        String damaged = "first".equals(field) ? "[ 1.0, 2.0, " + value + ", 4.0 ]" : "[ 5.0, 6.0, " + value + ", 8.0 ]";
        edit(model, "\"" + field + "\" : " + original, "\"" + field + "\" : " + damaged);

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(model.resolve("model.json") + ": " + problem + "; inputs normalized with it would be NaN or meaningless; " + FIX);
    }

    @Test
    void aNonFiniteIdfOfATextModelIsRefusedNamingTheTerm() throws Exception {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("free money now", "meeting notes now", "free notes"),
                VectorizerOptions.defaults().withWeighting(VectorizerOptions.Weighting.TFIDF));
        Network network = NetworkSpec.mlp(vectorizer.featureCount(), new int[] {3}, 2, Activation.tanh(),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1);
        Path model = dir.resolve("text");
        new ModelBundle(network, null, List.of("ham", "spam"), null, vectorizer).save(model);
        Path config = model.resolve("model.json");
        String json = Files.readString(config);
        Matcher idf = Pattern.compile("\"idf\" : \\[ ([^,]+), ([^,]+),").matcher(json);
        assertThat(idf.find()).isTrue();
        Files.writeString(config, json.substring(0, idf.start(2)) + "\"NaN\"" + json.substring(idf.end(2)));

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(config + ": the vectorizer's idf has 1 non-finite value (NaN or infinite) of "
                        + vectorizer.featureCount() + "; the first, NaN, is that of term 1 ('"
                        + vectorizer.vocabulary().get(1) + "')");
    }

    @Test
    void aNormalizerOfAnotherWidthIsRefused() throws Exception {
        Path model = saved();
        edit(model, "\"first\" : [ 1.0, 2.0, 3.0, 4.0 ]", "\"first\" : [ 1.0, 2.0, 3.0 ]");
        edit(model, "\"second\" : [ 1.0, 1.0, 1.0, 1.0 ]", "\"second\" : [ 1.0, 1.0, 1.0 ]");

        assertThatThrownBy(() -> ModelBundle.load(model))
                .hasMessageStartingWith(model.resolve("model.json") + ": the normalizer holds statistics of 3 features"
                        + " but the network takes 4 inputs");
    }

    // ---- class and feature names ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too few|[ \"a\", \"b\" ]|classNames lists 2 names but the network is a classifier with 3 outputs, one per class; it needs 3 names, in the order of the outputs",
        "too many|[ \"a\", \"b\", \"c\", \"d\" ]|classNames lists 4 names but the network is a classifier with 3 outputs",
        "none|[ ]|classNames lists 0 names but the network is a classifier with 3 outputs",
        "duplicate|[ \"a\", \"b\", \"a\" ]|classNames has 'a' twice (at 0 and 2); every class needs a name of its own",
        "empty|[ \"a\", \"\", \"c\" ]|classNames[1] is empty; every class needs a name",
        "blank|[ \"a\", \"b\", \" \" ]|classNames[2] is empty; every class needs a name",
        "null|[ \"a\", null, \"c\" ]|classNames[1] is null; every class needs a name",
    })
    void classNamesThatDoNotNameEachOutputOnceAreRefused(String description, String names, String problem) throws Exception {
        Path model = saved();
        edit(model, "\"classNames\" : [ \"a\", \"b\", \"c\" ]", "\"classNames\" : " + names);

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(model.resolve("model.json") + ": " + problem)
                .hasMessageEndingWith(FIX)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aRegressionModelHasNoClassNames() throws Exception {
        Path model = dir.resolve("regression");
        new ModelBundle(spec(Loss.meanSquaredError(), 1).build(DType.FLOAT32, 2), null, List.of()).save(model);
        assertThat(ModelBundle.load(model).classNames()).isEmpty();
        edit(model, "\"classNames\" : [ ]", "\"classNames\" : [ \"price\" ]");

        assertThatThrownBy(() -> ModelBundle.load(model))
                .hasMessageStartingWith(model.resolve("model.json") + ": classNames lists 1 name but the network is a"
                        + " regression model (loss mse), which predicts values, not classes");
    }

    @Test
    void featureNamesMustNameEachInputOnce() throws Exception {
        Path model = saved();
        edit(model, "[ \"f1\", \"f2\", \"f3\", \"f4\" ]", "[ \"f1\", \"f2\", \"f1\" ]");

        ModelFileException e = catchThrowableOfType(ModelFileException.class, () -> ModelBundle.load(model));

        assertThat(e.getMessage().lines()).containsExactly(
                model.resolve("model.json") + ": 2 problems; the model cannot be used until each is fixed:",
                "  featureNames lists 3 names but the network takes 4 inputs; it needs one name per input, in input"
                        + " order; " + FIX,
                "  featureNames has 'f1' twice (at 0 and 2); every input needs a name of its own, or two would be"
                        + " taken for one; " + FIX);
    }

    @Test
    void everyProblemOfTheBundleIsListedOneLineEachUnderTheDirectory() throws Exception {
        Path model = saved();
        rewriteWeights(model, t -> t.get("W1").set(4, 1, Double.NaN));
        edit(model, "[ \"a\", \"b\", \"c\" ]", "[ \"a\", \"b\", \"a\" ]");
        edit(model, "\"first\" : [ 1.0, 2.0, 3.0, 4.0 ]", "\"first\" : [ 1.0, 2.0, 3.0, \"NaN\" ]");

        ModelFileException e = catchThrowableOfType(ModelFileException.class, () -> ModelBundle.load(model));

        assertThat(e.file()).isEqualTo(model);
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(model + ": 3 problems; the model cannot be used until each is fixed:");
        assertThat(lines.get(1)).startsWith("  weights.safetensors: tensor 'W1' has 1 non-finite value (NaN or"
                + " infinite) of 20; the first, NaN, is at row 4, column 1");
        assertThat(lines.get(2)).startsWith("  model.json: classNames has 'a' twice (at 0 and 2)");
        assertThat(lines.get(3)).startsWith("  model.json: the normalizer's mean (μ) has 1 non-finite value");
    }

    @Test
    void theConstructorRefusesClassNamesThatDoNotFitTheOutputs() {
        Network network = spec(Loss.softmaxCrossEntropy(), 3).build(DType.FLOAT32, 3);

        assertThatThrownBy(() -> new ModelBundle(network, null, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid model bundle: classNames lists 2 names but the network is a classifier"
                        + " with 3 outputs");
        assertThatThrownBy(() -> new ModelBundle(network, null, List.of("a", "b", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid model bundle: classNames has 'b' twice (at 1 and 2)");
    }

    // ---- unreadable files ----------------------------------------------------------------------

    @Test
    void aModelJsonThatIsNotUtf8NamesTheFileAndTheOffset() throws Exception {
        Path model = saved();
        Path config = model.resolve("model.json");
        byte[] bytes = Files.readString(config).replace("\"b\"", "\"bé\"").getBytes(StandardCharsets.ISO_8859_1);
        int offset = indexOf(bytes, (byte) 0xE9);
        long line = 1 + new String(bytes, 0, offset, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
        Files.write(config, bytes);

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(config + ": not UTF-8 text (byte offset " + offset + "): the byte 0xE9 on line "
                        + line + " cannot be read as UTF-8");
    }

    @Test
    void anEmptyModelJsonIsNamedAsEmpty() throws Exception {
        Path model = saved();
        Files.write(model.resolve("model.json"), new byte[0]);

        assertThatThrownBy(() -> ModelBundle.load(model))
                .hasMessageStartingWith(model.resolve("model.json") + ": is empty (0 bytes)");
    }

    @Test
    void aFlippedByteInTheWeightsIsRefusedByTheChecksumNamingTheTensor() throws Exception {
        Path model = saved();
        Path weights = model.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        long dataStart = 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // tensors sorted by name, all F32: W1 (5x4) holds bytes [0, 80), W2 (3x5) [80, 140); flip the lowest
        // mantissa bit of W2's second element — still a finite number, so only the checksum can tell
        bytes[(int) dataStart + 80 + 4] ^= 1;
        Files.write(weights, bytes);

        assertThatThrownBy(() -> ModelBundle.load(model))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(weights + ": checksum mismatch: the bytes of tensor 'W2' (bytes [80, 140) of"
                        + " the data section) do not have the SHA-256 digest recorded in the header");
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no byte " + value);
    }
}
