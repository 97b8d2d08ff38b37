package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.TextDecoding;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.EmailCorpus;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.io.ModelBundle;
import dev.plumb.train.RunRecord;

/**
 * A run on a mail folder in many encodings: the encoding and the undecodable-byte policy are options of the run, the
 * replacements are counted in the split manifest (so in run.json and the model bundle), and the model remembers how its
 * documents were read, so predicting reads new documents the same way.
 */
class TextDecodingRunTest {

    @TempDir
    static Path dir;

    static Path mail;
    static List<EmailCorpus.Message> messages;

    @BeforeAll
    static void writeMail() throws Exception {
        mail = dir.resolve("mail");
        messages = EmailCorpus.write(mail, 20, 11);
    }

    private static RunSpec spec(String... options) {
        Map<String, String> given = new HashMap<>(Map.of("data", mail.toString(), "epochs", "2", "layers", "8"));
        for (int i = 0; i < options.length; i += 2) {
            given.put(options[i], options[i + 1]);
        }
        return RunSpec.parse(given);
    }

    @Test
    void byDefaultBadBytesAreReplacedAndCountedInTheRecordAndTheModel() throws Exception {
        // reference: the JDK's replacing UTF-8 decoder, one U+FFFD per malformed sequence
        int documents = 0;
        long sequences = 0;
        for (EmailCorpus.Message m : messages) {
            long marks = new String(m.bytes(), StandardCharsets.UTF_8).chars().filter(c -> c == 0xFFFD).count();
            documents += marks > 0 ? 1 : 0;
            sequences += marks;
        }
        TextDecoding expected = new TextDecoding("UTF-8", "replace", 40, documents, sequences);

        PreparedData data = TrainingRun.prepare(spec());
        assertThat(data.raw().manifest().textDecoding()).isEqualTo(expected);
        assertThat(data.description()).endsWith("; read as UTF-8; " + documents + " of 40 documents had bytes that are not "
                + "UTF-8, read as U+FFFD (" + sequences + " sequences; --undecodable fail stops at them instead)");

        RunResult result = TrainingRun.train(spec(), data, List.of());
        RunRecord record = result.record();
        assertThat(record.setup().split().textDecoding()).isEqualTo(expected);
        assertThat(RunRecord.fromJson(record.toJson()).setup().split().textDecoding()).isEqualTo(expected);
        Path model = dir.resolve("model-utf8");
        result.model().save(model);
        assertThat(ModelBundle.load(model).split().textDecoding()).isEqualTo(expected);
    }

    @Test
    void aRunRecordWrittenBeforeTheCountReadsAsNoCount() throws Exception {
        RunResult result = TrainingRun.train(spec(), TrainingRun.prepare(spec()), List.of());
        String json = result.record().toJson();
        String old = json.replaceAll(",\\s*\"textDecoding\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).isNotEqualTo(json).doesNotContain("textDecoding");

        RunRecord read = RunRecord.fromJson(old);

        assertThat(read.setup().split().textDecoding()).isNull();
        assertThat(read.setup().split().parts()).isEqualTo(result.record().setup().split().parts());
    }

    @Test
    void aRunStartedBeforeTheCountResumesButChangedBytesDoNot() throws Exception {
        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("resumable")));
        PreparedData data = TrainingRun.prepare(spec());
        run.begin(spec(), data, false);
        Path preparation = run.root().resolve(RunDirectory.PREPARATION_FILE);
        String written = Files.readString(preparation);
        String old = written.replaceAll(",\\s*\"textDecoding\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).isNotEqualTo(written);

        Files.writeString(preparation, old);
        run.requireSamePreparation(data); // no count saved: nothing to compare

        Files.writeString(preparation, written.replaceFirst("\"documentsReplaced\"\\s*:\\s*\\d+",
                "\"documentsReplaced\" : 0").replaceFirst("\"sequencesReplaced\"\\s*:\\s*\\d+", "\"sequencesReplaced\" : 0"));
        assertThatThrownBy(() -> run.requireSamePreparation(data)).hasMessageContaining("the data changed since the run started");
    }

    @Test
    void failStopsAtTheFirstBadFileNamingItsByteAndTheFlags() {
        // reading order: ham/ before spam/, files by name; message 1 of each class is Latin-1, its first 0x80+ byte bad
        EmailCorpus.Message first = messages.get(1);
        int offset = new String(first.bytes(), StandardCharsets.ISO_8859_1).indexOf(
                first.text().chars().filter(c -> c >= 0x80).mapToObj(c -> String.valueOf((char) c)).findFirst().orElseThrow());

        assertThatThrownBy(() -> TrainingRun.prepare(spec("undecodable", "fail")))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(first.file() + ", byte " + offset + ": not valid UTF-8 (byte sequence 0x")
                .hasMessageContaining("--encoding").hasMessageContaining("--undecodable replace")
                .hasMessageNotContaining("MalformedInput");
    }

    @Test
    void anEncodingGivenIsKeptInTheConfigAndTheModelAndPredictReadsAsTrainingDid() throws Exception {
        RunSpec latin1 = spec("encoding", "latin1", "undecodable", "fail");
        assertThat(latin1.toOptions()).containsEntry("encoding", "ISO-8859-1").containsEntry("undecodable", "fail");
        assertThat(RunSpec.parse(latin1.toOptions())).isEqualTo(latin1);

        // every byte is a Latin-1 character, so nothing is replaced and nothing fails
        RunResult result = TrainingRun.train(latin1, TrainingRun.prepare(latin1), List.of());
        assertThat(result.record().setup().split().textDecoding()).isEqualTo(new TextDecoding("ISO-8859-1", "fail", 40, 0, 0));

        ModelBundle model = result.model();
        assertThat(DataSource.textOptions(model, null, null)).isEqualTo(TextFolderOptions.defaults()
                .withCharset(StandardCharsets.ISO_8859_1));
        assertThat(DataSource.textOptions(model, "UTF-8", "replace")).isEqualTo(DataOptions.DEFAULT_TEXT);
        ModelBundle numeric = new ModelBundle(model.network(), null, model.classNames());
        assertThat(DataSource.textOptions(numeric, null, null)).as("a model saved before Plumb kept the encoding")
                .isEqualTo(DataOptions.DEFAULT_TEXT);
    }

    @Test
    void unknownEncodingsAndPoliciesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> spec("encoding", "latin-99"))
                .hasMessage("Invalid value for option encoding: 'latin-99'. Expected a charset name Java knows, e.g. UTF-8,"
                        + " ISO-8859-1 (latin1), windows-1252 or UTF-16.");
        assertThatThrownBy(() -> spec("undecodable", "skip"))
                .hasMessage("Invalid value for option undecodable: 'skip'. Expected replace (read a byte sequence that is not "
                        + "in the encoding as U+FFFD and count it) or fail (stop at the first, naming the file and the byte).");
    }
}
