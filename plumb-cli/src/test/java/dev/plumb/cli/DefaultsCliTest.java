package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.ChosenDefault;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.ConfigFile;

/**
 * The README's examples with the settings they show, and {@code plumb train --data X} with none, reach a good model
 * (issue 14 §0); the defaults chosen from the data are printed, recorded, and shown in the report.
 */
class DefaultsCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void theReadmesIrisExampleReachesNinetyPercentAndSaysWhatItChose(@TempDir Path dir) throws Exception {
        Path csv = irisLike(dir.resolve("iris.csv"));
        Path run = dir.resolve("iris");
        // README: ./plumb train --data iris.csv --label species --split 0.6,0.2,0.2 --keep-prob 0.9 --out runs/iris
        assertThat(plumb("train", "--data", csv.toString(), "--label", "species", "--split", "0.6,0.2,0.2", "--keep-prob",
                "0.9", "--out", run.toString())).as("stderr: %s", err).isZero();
        RunRecord record = RunRecord.read(run.resolve("run.json"));
        assertThat(record.evaluation("test").orElseThrow().accuracy()).as(out.toString()).isGreaterThanOrEqualTo(0.9);
        // one line per chosen default on stdout, each as the record holds it
        assertThat(record.setup().defaults()).extracting(ChosenDefault::option)
                .containsExactly("epochs", "early-stopping", "normalize");
        for (ChosenDefault chosen : record.setup().defaults()) {
            assertThat(out.toString()).contains(chosen.format() + System.lineSeparator());
        }
        assertThat(out.toString()).contains("epochs: auto → 667 (about 2,000 optimizer steps at 3 batches of 32 per epoch");
        assertThat(record.setup().config().epochs()).isEqualTo(667);
        // early stopping restored the best epoch's weights: the record's final dev cost is that epoch's
        int best = record.bestEpoch();
        assertThat(best).isLessThan(record.history().size());
        assertThat(record.evaluation("dev").orElseThrow().cost()).isEqualTo(record.history().get(best - 1).devCost());
        // config.yaml keeps auto, so the run repeated on other data chooses again
        assertThat(ConfigFile.read(run.resolve("config.yaml"))).containsEntry("epochs", "auto")
                .containsEntry("early-stopping", "auto").containsEntry("normalize", "auto");
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("Defaults chosen from the data").contains("about 2,000 optimizer steps")
                .contains("a dev part of 30 examples to watch");
    }

    @Test
    void trainOnDigitsWithNoFlagAndTheReadmesDigitsExampleReachNinetyFivePercent(@TempDir Path dir) throws Exception {
        assertThat(plumb("train", "--data", "digits", "--quiet", "--out", dir.resolve("defaults").toString()))
                .as("stderr: %s", err).isZero();
        RunRecord defaults = RunRecord.read(dir.resolve("defaults/run.json"));
        assertThat(defaults.evaluation("test").orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(defaults.setup().config().epochs()).isEqualTo(59); // 2,000 steps at 34 batches an epoch

        // README: ./plumb train --data digits --layers 128 --l2 1.0 --epochs 30 --early-stopping patience=5
        assertThat(plumb("train", "--data", "digits", "--layers", "128", "--l2", "1.0", "--epochs", "30", "--early-stopping",
                "patience=5", "--quiet", "--out", dir.resolve("readme").toString())).as("stderr: %s", err).isZero();
        RunRecord readme = RunRecord.read(dir.resolve("readme/run.json"));
        assertThat(readme.evaluation("test").orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.95);
        // what the example gives is what it gets: only normalize was left to the data
        assertThat(readme.setup().defaults()).extracting(ChosenDefault::option).containsExactly("normalize");
        assertThat(readme.setup().config().epochs()).isEqualTo(30);
    }

    @Test
    void aTextFolderIsNotStandardizedAndTheRecordSaysWhy(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        String[][] words = {{"win", "free", "money", "claim", "prize", "offer"}, {"meeting", "notes", "report", "agenda", "lunch", "team"}};
        for (int c = 0; c < 2; c++) {
            Path folder = Files.createDirectories(dir.resolve("mail").resolve(c == 0 ? "spam" : "ham"));
            for (int i = 0; i < 40; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 6; w++) {
                    text.append(words[c][rng.nextInt(words[c].length)]).append(' ');
                }
                Files.writeString(folder.resolve("m" + i + ".txt"), text.append("hello ").append(i));
            }
        }
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", dir.resolve("mail").toString(), "--epochs", "30", "--out", run.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("normalize: auto → none (text features, TF-IDF rows already of unit length");
        RunRecord record = RunRecord.read(run.resolve("run.json"));
        assertThat(record.setup().normalizer()).isNull();
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    /** 150 rows like Fisher's iris: 50 per species, Gaussian around its class means and spreads (two classes overlap). */
    static Path irisLike(Path file) throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] means = {{5.0, 3.4, 1.5, 0.25}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.5, 2.0}};
        double[][] spreads = {{0.35, 0.38, 0.17, 0.1}, {0.5, 0.31, 0.47, 0.2}, {0.63, 0.32, 0.55, 0.27}};
        StringBuilder sb = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 4; j++) {
                    sb.append(Math.round((means[k][j] + spreads[k][j] * rng.nextGaussian()) * 100) / 100.0).append(',');
                }
                sb.append(names[k]).append('\n');
            }
        }
        return Files.writeString(file, sb);
    }
}
