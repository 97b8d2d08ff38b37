package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.RunRecord;

/** plumb train on an image folder and on a text folder the test writes. */
class DataSourcesCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anImageFolderTrainsWithAugmentationAndTheRecordSaysSo(@TempDir Path dir) throws Exception {
        // two classes of 12x12 grayscale images: a bright left half, or a bright right half, with noise
        SplittableRandom rng = new SplittableRandom(5);
        for (String cls : new String[] {"left", "right"}) {
            Path folder = Files.createDirectories(dir.resolve("shapes").resolve(cls));
            for (int n = 0; n < 30; n++) {
                BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        boolean bright = cls.equals("left") ? x < 6 : x >= 6;
                        int v = (bright ? 200 : 40) + rng.nextInt(30);
                        image.getRaster().setSample(x, y, 0, v);
                    }
                }
                ImageIO.write(image, "png", folder.resolve("img" + n + ".png").toFile());
            }
        }
        Path run = dir.resolve("run");
        int status = plumb("train", "--data", dir.resolve("shapes").toString(), "--image-size", "12x12x1", "--layers", "8",
                "--epochs", "15", "--lr", "0.01", "--augment", "shift=1", "--quiet", "--out", run.toString());
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("images from");
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.setup().augmentation()).isEqualTo("shift=1");
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.9);
    }

    /** An IDX file given directly (rather than its directory) is named as such, not misread as a CSV. */
    @Test
    void anIdxFileGivenAsDataSaysToPassItsDirectory(@TempDir Path dir) throws Exception {
        // the header of an IDX image file: 0, 0, type 0x08 (unsigned byte), 3 dimensions; 2 images of 2x2; gzipped
        byte[] idx = {0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8};
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        try (var gzip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write(idx);
        }
        Path raw = Files.write(dir.resolve("images.bin"), idx);
        for (Path given : new Path[] {file, raw}) {
            err.getBuffer().setLength(0);
            assertThat(plumb("train", "--data", given.toString(), "--quiet", "--out", dir.resolve("run").toString()))
                    .as("stderr: %s", err).isEqualTo(2);
            assertThat(err.toString()).contains(given.toString()).contains("is one IDX file, not a CSV")
                    .contains("--data " + dir.toAbsolutePath()).doesNotContain("column");
            assertThat(err.toString().lines()).hasSize(1);
        }
    }

    @Test
    void aTextFolderTrainsAndItsModelKeepsTheVocabularyFittedOnTrain(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 15; i++) {
            write(dir.resolve("mail/spam/m" + i + ".txt"), "win free money now claim prize offer " + i);
            write(dir.resolve("mail/ham/m" + i + ".txt"), "meeting notes report team agenda lunch " + i);
        }
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", dir.resolve("mail").toString(), "--epochs", "20", "--lr", "0.01", "--quiet",
                "--out", run.toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("vocabulary of").contains("fitted on the training split");
        assertThat(Files.readString(run.resolve("model/model.json"))).contains("\"vectorizer\"").contains("\"vocabulary\"");
        out.getBuffer().setLength(0);
        assertThat(plumb("evaluate", "--model", run.resolve("model").toString(), "--data", dir.resolve("mail").toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("accuracy");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
