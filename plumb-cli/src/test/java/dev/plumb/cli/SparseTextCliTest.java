package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.testing.SyntheticMail;
import dev.plumb.train.RunRecord;

/**
 * Text at a real vocabulary size: a generated mail folder whose training part uses more than 100,000 distinct terms
 * trains with {@code --max-features all} in a JVM whose heap could not hold its features dense — TF-IDF rows stay
 * sparse from the vectorizer to the first layer — and gives a good spam filter.
 */
class SparseTextCliTest {

    private static final int HEAP_MB = 320;

    @Test
    void aHundredThousandTermVocabularyTrainsInAHeapItsDenseFeaturesWouldNotFitIn(@TempDir Path tmp) throws Exception {
        Path mail = tmp.resolve("mail");
        SyntheticMail.write(mail, 4_000, 900_000, 7);
        Path out = tmp.resolve("run");
        Process p = ChildPlumb.start(List.of("-Xmx" + HEAP_MB + "m"), List.of("train", "--data", mail.toString(),
                "--max-features", "all", "--layers", "32", "--epochs", "4", "--early-stopping", "off", "--out",
                out.toString()));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        Matcher vocabulary = Pattern.compile("vocabulary of ([0-9,]+)").matcher(output);
        assertThat(vocabulary.find()).as(output).isTrue();
        int terms = Integer.parseInt(vocabulary.group(1).replace(",", ""));
        assertThat(terms).isGreaterThan(100_000);
        RunRecord record = RunRecord.fromJson(Files.readString(out.resolve("run.json")));
        int trainRows = record.evaluation("train").orElseThrow().examples();
        long denseBytes = (long) trainRows * terms * 4; // float32
        assertThat(denseBytes).as("the dense training features alone would not fit in the heap")
                .isGreaterThan((long) HEAP_MB << 20);
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThan(0.98);
    }
}
