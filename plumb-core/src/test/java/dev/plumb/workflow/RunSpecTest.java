package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.data.ImageShape;
import dev.plumb.data.Normalizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.data.augment.AugmentationSpec;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.DivergencePolicy;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EarlyStoppingSpec;
import dev.plumb.train.LearningRateSchedule;

/** The run configuration: typed values in memory, text only in parse and toOptions, defaults from one table. */
class RunSpecTest {

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 300).boxed();
    }

    /** Every option survives the trip to text and back, for specs drawn at random over every option's range. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void parseOfToOptionsGivesTheSpecBack(long seed) {
        RunSpec spec = randomSpec(new SplittableRandom(seed));
        Map<String, String> text = spec.toOptions();
        assertThat(text.keySet()).containsExactlyElementsOf(RunSpec.DEFAULTS.keySet());
        assertThat(RunSpec.parse(text)).isEqualTo(spec);
    }

    @Test
    void missingOptionsTakeTheTablesDefaults() {
        RunSpec spec = RunSpec.parse(Map.of("data", "digits"));
        Map<String, String> expected = new HashMap<>(RunSpec.DEFAULTS);
        expected.put("data", "digits");
        assertThat(spec.toOptions()).isEqualTo(expected);
        // and the typed values are the ones the table's text names
        assertThat(spec.seed()).isEqualTo(42);
        assertThat(spec.model().activation()).isEqualTo(Activation.relu());
        assertThat(spec.model().init()).isEmpty();
        assertThat(spec.training().optimizer()).isEqualTo(OptimizerSpec.ADAM);
        // epochs, early stopping and the normalizer are chosen from the data (DataDrivenDefaults), and stay auto here
        assertThat(spec.training().epochs().isAuto()).isTrue();
        assertThat(spec.training().earlyStopping().isAuto()).isTrue();
        assertThat(spec.data().normalize().isAuto()).isTrue();
        assertThat(spec.data().split()).isEqualTo(new DataOptions.Ratios(0.6, 0.2, 0.2));
        assertThat(spec.data().imageSize()).isEqualTo(new ImageShape(28, 28, 1));
    }

    /** One flag followed from its text to the layer it configures, parsed once on the way. */
    @Test
    void maxFeaturesAllKeepsEveryTermAndRoundTripsAsAll() {
        RunSpec spec = RunSpec.parse(Map.of("data", "digits", "max-features", "all"));
        assertThat(spec.data().maxFeatures()).isEqualTo(dev.plumb.data.VectorizerOptions.UNLIMITED);
        assertThat(spec.toOptions().get("max-features")).isEqualTo("all");
        assertThat(RunSpec.parse(spec.toOptions())).isEqualTo(spec);
        assertThatThrownBy(() -> RunSpec.parse(Map.of("data", "digits", "max-features", "lots")))
                .hasMessageContaining("'lots'").hasMessageContaining("'all'");
    }

    @Test
    void keepProbGoesFromTextToTheDropoutLayers() {
        RunSpec spec = RunSpec.parse(Map.of("data", "digits", "layers", "32,16", "keep-prob", "0.8,1.0"));
        assertThat(spec.model().keepProb()).containsExactly(0.8, 1.0);
        NetworkSpec architecture = spec.model().network(64, 10, DataOptions.Task.CLASSIFICATION);
        assertThat(architecture.layers()).extracting(LayerSpec::type).containsExactly(LayerSpec.Type.DENSE,
                LayerSpec.Type.DROPOUT, LayerSpec.Type.DENSE, LayerSpec.Type.DENSE);
        Network network = architecture.build(DType.FLOAT32, 1);
        assertThat(network.layers().get(1)).isInstanceOfSatisfying(Dropout.class,
                d -> assertThat(d.keepProb()).isEqualTo(0.8));
    }

    @Test
    void autoPicksTheInitializerForTheActivationAndTheLossForTheTask() {
        NetworkSpec tanh = RunSpec.parse(Map.of("data", "x.csv", "activation", "tanh")).model()
                .network(4, 3, DataOptions.Task.CLASSIFICATION);
        assertThat(tanh.layers().get(0).initializer().id()).isEqualTo("lecun");
        assertThat(tanh.loss()).isEqualTo(Loss.softmaxCrossEntropy());
        NetworkSpec regression = RunSpec.parse(Map.of("data", "x.csv", "task", "regression")).model()
                .network(4, 1, DataOptions.Task.REGRESSION);
        assertThat(regression.layers().get(0).initializer().id()).isEqualTo("he");
        assertThat(regression.loss()).isEqualTo(Loss.meanSquaredError());
    }

    @Test
    void everyProblemNamesTheOption() {
        assertProblem(Map.of("data", "d", "keep-prob", "1.5"), "keep-prob");
        assertProblem(Map.of("data", "d", "layers", "32,16", "keep-prob", "0.5,0.5,0.5"), "keep-prob");
        assertProblem(Map.of("data", "d", "layers", "32,x"), "layers");
        assertProblem(Map.of("data", "d", "layers", "0"), "layers");
        assertProblem(Map.of("data", "d", "epochs", "ten"), "epochs");
        assertProblem(Map.of("data", "d", "lr", "-1"), "lr");
        assertProblem(Map.of("data", "d", "split", "0.5,0.5"), "split");
        assertProblem(Map.of("data", "d", "task", "ranking"), "task");
        assertProblem(Map.of("data", "d", "dtype", "float16"), "dtype");
        assertProblem(Map.of("data", "d", "image-size", "28by28"), "image-size");
        assertProblem(Map.of("data", "d", "early-stopping", "patience=soon"), "early-stopping");
        assertProblem(Map.of("data", "d", "bayes-error", "1.5"), "bayes-error");
        assertProblem(Map.of("data", "d", "weighting", "bm25"), "weighting");
        assertProblem(Map.of("data", "d", "optimizer", "lbfgs"), "optimizer");
        assertProblem(Map.of("data", "d", "stratify", "maybe"), "stratify");
        assertProblem(Map.of("data", "d", "activation", "swish"), "option activation");
        assertProblem(Map.of("data", "d", "init", "orthogonal"), "option init");
        assertProblem(Map.of("data", "d", "loss", "hinge"), "option loss");
        assertProblem(Map.of("data", "d", "schedule", "cosine"), "option schedule");
        assertProblem(Map.of("data", "d", "augment", "zoom=2"), "option augment");
        assertProblem(Map.of("data", "d", "normalize", "robust"), "option normalize");
        assertProblem(Map.of("data", "d", "kep-prob", "0.5"), "kep-prob");
        assertProblem(Map.of("layers", "8"), "data");
    }

    @Test
    void anEmptyValueIsNotTheDefault() {
        // an empty --layers is not "none" (a linear model) and not the default 64: it is refused, naming both ways out
        assertThatThrownBy(() -> RunSpec.parse(Map.of("data", "digits", "layers", "")))
                .hasMessage("Invalid value for option layers: ''. Expected comma-separated hidden layer sizes, e.g. 256,128, "
                        + "or none for a linear model.");
        assertThatThrownBy(() -> RunSpec.parse(Map.of("data", "digits", "epochs", " ")))
                .hasMessage("Invalid value for option epochs: ' '. Expected a value; leave the option out for its default, auto.");
        assertThat(RunSpec.parse(Map.of("data", "digits", "layers", "none")).model().layers()).isEmpty();
        // options whose default is "none" may be given empty: the label of config.yaml, for one
        assertThat(RunSpec.parse(Map.of("data", "digits", "label", "", "columns", "")).data().csv()).isEqualTo(CsvSettings.DEFAULTS);
    }

    @Test
    void dataDevAndTestPathsAreKeptAbsoluteAndNormalizedAndBuiltInNamesAsTheyAre() {
        Path cwd = Path.of("").toAbsolutePath();
        DataOptions data = RunSpec.parse(Map.of("data", "runs/../iris.csv", "dev", "./d/dev.csv", "test", "t.csv")).data();
        assertThat(data.source()).isEqualTo(cwd.resolve("iris.csv").toString());
        assertThat(data.devFile()).contains(cwd.resolve("d/dev.csv"));
        assertThat(data.testFile()).contains(cwd.resolve("t.csv"));
        assertThat(RunSpec.parse(Map.of("data", "/data/../x/iris.csv")).data().source()).isEqualTo(Path.of("/x/iris.csv").toString());
        for (String builtIn : List.of("digits", "fashion-mnist", "Fashion-MNIST")) {
            assertThat(RunSpec.parse(Map.of("data", builtIn)).toOptions().get("data")).isEqualTo(builtIn);
        }
    }

    @Test
    void initFromIsKeptAbsoluteAndNormalizedAndRefusesWhatTheModelFixes() {
        Path cwd = Path.of("").toAbsolutePath();
        RunSpec spec = RunSpec.parse(Map.of("data", "digits", "init-from", "runs/../runs/digits/model", "keep-prob", "0.8",
                "l2", "0.5"));
        assertThat(spec.model().initFrom()).contains(cwd.resolve("runs/digits/model"));
        assertThat(spec.toOptions().get("init-from")).isEqualTo(cwd.resolve("runs/digits/model").toString());
        assertThat(RunSpec.parse(Map.of("data", "digits")).model().initFrom()).isEmpty();
        assertThatThrownBy(() -> spec.model().network(64, 10, DataOptions.Task.CLASSIFICATION))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the model's");
        for (String fixed : List.of("layers=32", "activation=tanh", "init=he", "loss=mse", "normalize=minmax", "normalize=none")) {
            String[] kv = fixed.split("=");
            assertThatThrownBy(() -> RunSpec.parse(Map.of("data", "digits", "init-from", "m", kv[0], kv[1])))
                    .as(fixed).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("option " + kv[0] + " beside init-from").hasMessageContaining("drop --" + kv[0])
                    .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        }
        // keep-prob of any length is checked against the model's hidden layers, when the network is built
        NetworkSpec saved = new NetworkSpec(4, List.of(LayerSpec.dense(8, Activation.tanh()), LayerSpec.dropout(0.5),
                LayerSpec.dense(6, Activation.relu()), LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        NetworkSpec tuned = RunSpec.parse(Map.of("data", "d", "init-from", "m", "keep-prob", "1,0.7", "l2", "0.25"))
                .model().network(saved);
        assertThat(tuned.layers()).extracting(LayerSpec::type).containsExactly(LayerSpec.Type.DENSE, LayerSpec.Type.DENSE,
                LayerSpec.Type.DROPOUT, LayerSpec.Type.DENSE);
        assertThat(tuned.layers().get(0).activation()).isEqualTo(Activation.tanh());
        assertThat(tuned.layers().get(2).keepProb()).isEqualTo(0.7);
        assertThat(tuned.l2()).isEqualTo(0.25);
        assertThatThrownBy(() -> RunSpec.parse(Map.of("data", "d", "init-from", "m", "keep-prob", "1,0.7,0.7")).model()
                .network(saved)).hasMessageContaining("keep-prob").hasMessageContaining("(2)");
    }

    @Test
    void keysAreReadLikeFlags() {
        RunSpec spec = RunSpec.parse(Map.of("DATA", "digits", "keep_prob", "0.5", "Early-Stopping", "patience=3"));
        assertThat(spec.model().keepProb()).containsExactly(0.5);
        assertThat(spec.training().earlyStopping().value()).contains(new EarlyStoppingSpec(EarlyStopping.Monitor.DEV_ERROR, 3, 1e-4));
    }

    private static void assertProblem(Map<String, String> options, String option) {
        assertThatThrownBy(() -> RunSpec.parse(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option);
    }

    // ---- a generator of valid specs over every option's range ----

    static RunSpec randomSpec(SplittableRandom r) {
        List<Integer> layers = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            layers.add(1 + r.nextInt(512));
        }
        List<Double> keep = new ArrayList<>();
        int keeps = layers.size() > 1 && r.nextBoolean() ? layers.size() : 1;
        for (int i = 0; i < keeps; i++) {
            keep.add(r.nextBoolean() ? 1.0 : 0.05 + 0.95 * r.nextDouble());
        }
        double train = 0.5 + 0.5 * r.nextDouble();
        double dev = (1 - train) * r.nextDouble();
        ModelOptions model = new ModelOptions(layers, pick(r, Activation.relu(), Activation.tanh(), Activation.sigmoid(),
                Activation.identity(), Activation.leakyRelu(0.99 * r.nextDouble())),
                pick(r, Optional.empty(), Optional.of(Initializer.parse("he")), Optional.of(Initializer.parse("lecun_uniform")),
                        Optional.of(Initializer.parse("glorot")), Optional.of(Initializer.parse("zeros")),
                        Optional.of(Initializer.parse("small"))),
                pick(r, Optional.empty(), Optional.of(Loss.meanSquaredError()), Optional.of(Loss.softmaxCrossEntropy()),
                        Optional.of(Loss.binaryCrossEntropy())),
                r.nextBoolean() ? 0 : r.nextDouble() * Math.pow(10, r.nextInt(-6, 4)),
                r.nextBoolean() ? 0 : r.nextDouble() * Math.pow(10, r.nextInt(-6, 4)), keep,
                pick(r, DType.FLOAT32, DType.FLOAT64));
        // fine-tuning: the model fixes the architecture (layers etc. at their defaults) and the normalizer (auto)
        boolean fineTune = r.nextInt(4) == 0;
        if (fineTune) {
            model = model.withInitFrom(Path.of(pick(r, "runs/digits/model", "/tmp/a b/../model dir", "./m")));
        }
        TrainingOptions training = new TrainingOptions(pick(r, OptimizerSpec.values()),
                Math.pow(10, -6 * r.nextDouble()), r.nextInt(4) == 0 ? AutoOr.auto() : AutoOr.of(1 + r.nextInt(1000)),
                1 + r.nextInt(4096),
                pick(r, LearningRateSchedule.constant(), LearningRateSchedule.step(1 + r.nextInt(50), 0.01 + 0.99 * r.nextDouble()),
                        LearningRateSchedule.exponential(0.5 + 0.5 * r.nextDouble())),
                r.nextInt(4) == 0 ? AutoOr.auto() : AutoOr.of(r.nextBoolean() ? Optional.empty()
                        : Optional.of(new EarlyStoppingSpec(pick(r, EarlyStopping.Monitor.values()), r.nextInt(100),
                        r.nextDouble() * 1e-2))),
                AugmentationSpec.parse(pick(r, "none", "flip", "shift=2", "flip,shift=1:edge,rotate=10", "noise=0.05",
                        "rotate=7.5")), pick(r, DivergencePolicy.values()));
        DataOptions data = new DataOptions(pick(r, "digits", "fashion-mnist", "data/iris.csv", "/tmp/a b/train.csv"),
                pick(r, "", "species", "3", "class label"), pick(r, DataOptions.Task.values()), randomCsv(r),
                new ImageShape(1 + r.nextInt(64), 1 + r.nextInt(64), pick(r, 1, 3)),
                pick(r, Optional.empty(), Optional.of(Path.of("dev.csv"))), pick(r, Optional.empty(), Optional.of(Path.of("t/test.csv"))),
                new DataOptions.Ratios(train, dev, 1 - train - dev), r.nextBoolean(), r.nextBoolean(),
                fineTune || r.nextInt(4) == 0 ? AutoOr.auto() : AutoOr.of(pick(r, Normalizer.Kind.values())), 1 + r.nextInt(100_000), pick(r, VectorizerOptions.Weighting.values()),
                DataOptions.DEFAULT_TEXT.withCharset(Charset.forName(pick(r, "UTF-8", "ISO-8859-1",
                        "windows-1252", "UTF-16", "UTF-16LE"))).withMalformedInput(pick(r,
                        TextFolderOptions.MalformedInput.values())));
        return new RunSpec(r.nextLong(), data, model, training, new DiagnosticsOptions(r.nextDouble() * 0.99));
    }

    static CsvSettings randomCsv(SplittableRandom r) {
        List<String> pool = List.of("id", "0", "12", "sepal length", "größe", "a;b", "x\ty");
        List<String> chosen = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            String column = pick(r, pool.toArray(String[]::new));
            if (!chosen.contains(column)) {
                chosen.add(column);
            }
        }
        boolean keep = r.nextBoolean();
        return new CsvSettings(pick(r, ',', ';', '\t', ' ', '|', ':'), keep ? chosen : List.of(), keep ? List.of() : chosen,
                r.nextBoolean());
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
