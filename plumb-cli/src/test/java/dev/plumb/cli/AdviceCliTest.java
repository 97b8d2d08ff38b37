package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.tensor.Blas;
import dev.plumb.tensor.NativeBlas;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.InputProfile;
import dev.plumb.train.RunRecord;

/**
 * What plumb train says about a run fits the run (issue 19 §3, §4): advice in the command's flags, standardizing first
 * for raw inputs of far-apart scales, no image advice for a table; {@code --threads}; the split line of a text folder.
 */
class AdviceCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aTableOfRawFeaturesOnFarApartScalesIsToldToStandardizeFirstInTheCommandsFlags(@TempDir Path dir)
            throws Exception {
        // "area" ~ N(500, 300²), "smoothness" ~ N(0.1, 0.01²): scales 30,000 times apart; a fifth of the labels flipped,
        // so no network gets the train error under the 5-point bias threshold
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("area,smoothness,label\n");
        for (int i = 0; i < 400; i++) {
            double area = 500 + 300 * rng.nextGaussian();
            double smoothness = 0.1 + 0.01 * rng.nextGaussian();
            boolean positive = (area - 500) / 300 + (smoothness - 0.1) / 0.01 > 0;
            csv.append(area).append(',').append(smoothness).append(',')
                    .append(positive ^ rng.nextDouble() < 0.2 ? "malignant" : "benign").append('\n');
        }
        Path file = Files.writeString(dir.resolve("cells.csv"), csv);
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", file.toString(), "--normalize", "none", "--layers", "8", "--epochs", "30",
                "--out", run.toString())).as("stderr: %s", err).isZero();

        RunRecord record = RunRecord.read(run.resolve("run.json"));
        InputProfile inputs = record.setup().inputs();
        assertThat(inputs.kind()).isEqualTo(InputProfile.Kind.TABLE);
        assertThat(inputs.normalize()).isEqualTo("none");
        assertThat(inputs.largestFeature()).isEqualTo("area");
        assertThat(inputs.smallestFeature()).isEqualTo("smoothness");
        assertThat(inputs.scaleRatio()).isBetween(30_000 * 0.8, 30_000 * 1.25); // the training part's sample deviations

        String printed = out.toString();
        assertThat(printed).contains("Next steps, in order:" + System.lineSeparator()
                + "  1. Standardize the inputs first (--normalize standard): this run trained on raw features"
                + " (normalize: none) whose scales are about");
        // a table: no augmentation; the command's flags, never the Java API
        assertThat(printed).doesNotContainIgnoringCase("augment").doesNotContain("keepProb")
                .doesNotContain("Augmentation.parse").doesNotContain("LayerSpec").doesNotContain("NetworkSpec");
        // the summary says which epoch early stopping kept and how many ran after it
        EarlyStopping.Report stopping = record.training().earlyStopping();
        assertThat(printed).contains("kept:    epoch " + stopping.bestEpoch() + ", the best on dev_error; "
                + (stopping.stoppedEpoch() - stopping.bestEpoch()));
    }

    @Test
    void threadsOutsideOneToFourTimesTheCoresAreRefusedInOneLineBeforeAnythingIsWritten(@TempDir Path dir) {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {0, -2, 4 * cores + 1}) {
            StringWriter e = new StringWriter();
            Path run = dir.resolve("run" + threads);
            int status = Main.run(new String[] {"train", "--data", "digits", "--threads", String.valueOf(threads), "--out",
                    run.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(e, true));
            assertThat(status).isEqualTo(2);
            assertThat(e.toString().strip()).isEqualTo("plumb: Invalid value for option --threads: " + threads
                    + ". Expected a number of OpenBLAS threads from 1 to " + 4 * cores + " (4 × the " + cores
                    + (cores == 1 ? " core" : " cores") + " of this machine), e.g. --threads 1 on a busy machine.");
            assertThat(run).doesNotExist();
        }
    }

    @Test
    void threadsSetsOpenBlasThreadsForTheRun(@TempDir Path dir) {
        assumeThat(Blas.defaultBlas()).as("OpenBLAS is this process's BLAS").isInstanceOf(NativeBlas.class);
        NativeBlas blas = (NativeBlas) Blas.defaultBlas();
        int before = blas.threads(); // -1 until OpenBLAS has set up its pool
        try {
            assertThat(plumb("train", "--data", "digits", "--epochs", "1", "--threads", "1", "--quiet", "--out",
                    dir.resolve("run").toString())).as("stderr: %s", err).isZero();
            assertThat(out.toString()).startsWith("threads: 1 OpenBLAS thread (--threads)");
            assertThat(blas.threads()).isEqualTo(1);
        } finally {
            blas.setThreads(before > 0 ? before : Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void aTextFoldersRatioSplitIsSaidToBeByRatiosNotFiles(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        String[][] words = {{"win", "free", "money", "claim"}, {"meeting", "notes", "report", "agenda"}};
        for (int c = 0; c < 2; c++) {
            Path folder = Files.createDirectories(dir.resolve("mail").resolve(c == 0 ? "spam" : "ham"));
            for (int i = 0; i < 30; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 5; w++) {
                    text.append(words[c][rng.nextInt(words[c].length)]).append(' ');
                }
                Files.writeString(folder.resolve("m" + i + ".txt"), text.append("hello ").append(i));
            }
        }
        assertThat(plumb("train", "--data", dir.resolve("mail").toString(), "--epochs", "2", "--quiet", "--out",
                dir.resolve("run").toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("split: train 36, dev 12, test 12 (ratios 0.6/0.2/0.2, seed 42, stratified);")
                .doesNotContain("(files)");
        RunRecord record = RunRecord.read(dir.resolve("run/run.json"));
        assertThat(record.setup().split().method()).isEqualTo("ratios");
        assertThat(record.setup().split().seed()).isEqualTo(42L);
    }
}
