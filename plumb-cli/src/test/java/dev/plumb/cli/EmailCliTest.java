package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.TextDecoding;
import dev.plumb.train.RunRecord;

/**
 * Real mail through the command line: a SpamAssassin-like folder the test writes in UTF-8, ISO-8859-1, windows-1252
 * and with binary garbage; {@code --encoding} and {@code --undecodable}; {@code plumb predict} on an unlabelled folder,
 * the training layout and a list, with file names; and the bad inputs, each one line and exit status 2.
 */
class EmailCliTest {

    private static final String[] HAM = {"meeting", "report", "project", "lunch", "agenda", "review", "draft", "budget"};
    private static final String[] SPAM = {"free", "money", "winner", "prize", "click", "offer", "cheap", "casino"};
    private static final String[] ENCODINGS = {"UTF-8", "ISO-8859-1", "windows-1252", "US-ASCII", "garbage"};

    @TempDir
    static Path dir;

    static Path mail;
    static Path run;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @BeforeAll
    static void writeMailAndTrain() throws Exception {
        mail = dir.resolve("mail");
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 30; i++) {
            write(mail.resolve("ham/" + String.format("%03d.eml", i)), false, i, random);
            write(mail.resolve("spam/" + String.format("%03d.eml", i)), true, i, random);
        }
        run = dir.resolve("run");
        int status = Main.run(new String[] {"train", "--data", mail.toString(), "--layers", "8", "--epochs", "30",
            "--lr", "0.01", "--quiet", "--out", run.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(status).isZero();
    }

    @BeforeEach
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    @Test
    void mixedEncodingMailTrainsWithBadBytesReplacedAndCountedInTheDataLineTheRecordAndTheReport() throws Exception {
        // reference: which files strict UTF-8 refuses, by the JDK's decoder
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(mail)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        int bad = 0;
        for (Path file : files) {
            bad += isUtf8(Files.readAllBytes(file)) ? 0 : 1;
        }
        assertThat(bad).as("messages 1, 2 and 4 of every 5 are Latin-1, windows-1252 or garbage").isEqualTo(36);

        Path out2 = dir.resolve("run-again");
        assertThat(plumb("train", "--data", mail.toString(), "--layers", "8", "--epochs", "2", "--quiet", "--out",
                out2.toString())).as("stderr: %s", err).isZero();

        assertThat(out.toString()).contains("; read as UTF-8; 36 of 60 documents had bytes that are not UTF-8, read as U+FFFD (")
                .contains("normalize: auto → none (text features, TF-IDF rows already of unit length");
        TextDecoding decoding = RunRecord.fromJson(Files.readString(out2.resolve("run.json"))).setup().split().textDecoding();
        assertThat(decoding.encoding()).isEqualTo("UTF-8");
        assertThat(decoding.undecodable()).isEqualTo("replace");
        assertThat(decoding.documents()).isEqualTo(60);
        assertThat(decoding.documentsReplaced()).isEqualTo(36);
        assertThat(Files.readString(out2.resolve("report.html"))).contains("<p class=\"text-decoding\">Documents read as "
                + "<code>UTF-8</code>, undecodable bytes: <code>replace</code>. <strong>36 of 60 documents</strong> had bytes");
        assertThat(Files.readString(out2.resolve("config.yaml"))).contains("encoding: \"UTF-8\"").contains("undecodable: \"replace\"");
    }

    @Test
    void failAndAnUnknownEncodingAreOneLineNamingTheFixAndExitTwo() throws Exception {
        assertThat(plumb("train", "--data", mail.toString(), "--undecodable", "fail", "--quiet", "--out",
                dir.resolve("failed").toString())).isEqualTo(2);
        // reading order: ham/ first, files by name; ham/001.eml is the first Latin-1 message
        assertThat(err.toString()).startsWith("plumb: " + mail.resolve("ham/001.eml") + ", byte ")
                .contains("not valid UTF-8").contains("--encoding (e.g. --encoding ISO-8859-1)")
                .contains("--undecodable replace").doesNotContain("MalformedInput").doesNotContain("at dev.plumb");
        assertThat(err.toString().lines()).hasSize(1);

        clear();
        assertThat(plumb("train", "--data", mail.toString(), "--encoding", "latin-99", "--quiet", "--out",
                dir.resolve("failed2").toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("plumb: Invalid value for option encoding: 'latin-99'. Expected a charset name "
                + "Java knows, e.g. UTF-8, ISO-8859-1 (latin1), windows-1252 or UTF-16.\n");
    }

    @Test
    void evaluateReadsATextFolderAsTrainingDidUnlessTold() {
        assertThat(plumb("evaluate", "--model", run.resolve("model").toString(), "--data", mail.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("(60 examples)");

        clear();
        assertThat(plumb("evaluate", "--model", run.resolve("model").toString(), "--data", mail.toString(),
                "--undecodable", "fail")).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: " + mail.resolve("ham/001.eml") + ", byte ");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void standardizingTextOnPurposePrintsAWarningLine() {
        assertThat(plumb("train", "--data", mail.toString(), "--normalize", "standard", "--layers", "4", "--epochs", "1",
                "--quiet", "--out", dir.resolve("standard").toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString().lines()).contains("warning: normalize standard on text-folder features usually hurts "
                + "TF-IDF rows: dividing each rare word's column by its tiny deviation makes rare words dominate; leave "
                + "--normalize at auto (none for text) unless a dev set says otherwise");
        assertThat(out.toString()).doesNotContain("normalize: auto");
    }

    @Test
    void predictScoresAnUnlabelledFolderWithFileNamesInTheFirstColumn() throws Exception {
        Path inbox = dir.resolve("inbox");
        SplittableRandom random = new SplittableRandom(23);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean spam = i % 3 == 0;
            String name = "msg-" + (char) ('j' - i) + ".eml"; // written out of name order
            write(inbox.resolve(name), spam, i, random);
            expected.add(name + "," + (spam ? "spam" : "ham"));
        }
        Path csv = dir.resolve("inbox.csv");

        assertThat(plumb("predict", "--model", run.resolve("model").toString(), "--data", inbox.toString(), "--out",
                csv.toString())).as("stderr: %s", err).isZero();

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("file,predicted,p_ham,p_spam");
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1)))
                .containsExactlyElementsOf(expected.stream().sorted().toList());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(Double.parseDouble(cells[2]) + Double.parseDouble(cells[3])).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(out.toString()).startsWith("data: 10 documents from " + inbox + "; read as UTF-8; ")
                .contains("10 predictions written to " + csv);
    }

    @Test
    void predictReadsTheTrainingLayoutAndAListNamingEachFile() throws Exception {
        Path csv = dir.resolve("layout.csv");
        assertThat(plumb("predict", "--model", run.resolve("model").toString(), "--data", mail.toString(), "--out",
                csv.toString())).as("stderr: %s", err).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(61);
        assertThat(lines.get(1)).startsWith("ham/000.eml,");
        assertThat(lines.get(60)).startsWith("spam/029.eml,");
        long right = lines.stream().skip(1).filter(l -> l.split(",")[1].equals(l.substring(0, l.indexOf('/')))).count();
        assertThat(right).as("the model's accuracy on the data it was trained and tested on").isGreaterThanOrEqualTo(55);

        Path list = Files.writeString(dir.resolve("to-score.txt"), "mail/spam/003.eml\n\nmail/ham/002.eml\n");
        Path listed = dir.resolve("listed.csv");
        clear();
        assertThat(plumb("predict", "--model", run.resolve("model").toString(), "--document-list", list.toString(),
                "--out", listed.toString())).as("stderr: %s", err).isZero();
        List<String> rows = Files.readAllLines(listed);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("mail/spam/003.eml,spam,");
        assertThat(rows.get(2)).startsWith("mail/ham/002.eml,ham,");
    }

    @Test
    void predictOnBadInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path withDirectory = Files.writeString(dir.resolve("dirs.txt"), "mail/ham/000.eml\nmail/spam\n");
        Path withMissing = Files.writeString(dir.resolve("missing.txt"), "mail/ham/000.eml\nmail/ham/999.eml\n");
        String model = run.resolve("model").toString();
        Path csv = dir.resolve("never.csv");
        String[][] cases = {
            {"--data", empty.toString()},
            {"--data", dir.resolve("nowhere").toString()},
            {"--document-list", withDirectory.toString()},
            {"--document-list", withMissing.toString()},
            {"--document-list", dir.resolve("no-list.txt").toString()},
            {"--data", mail.toString(), "--document-list", withMissing.toString()},
            {},
            {"--data", mail.toString(), "--undecodable", "fail"},
            {"--data", mail.toString(), "--encoding", "nope!"},
        };
        String[] expected = {
            empty + ": holds no documents",
            dir.resolve("nowhere") + ": no such directory; pass a folder of documents",
            withDirectory + ", line 2: 'mail/spam' is a directory; list the files in it",
            withMissing + ", line 2: 'mail/ham/999.eml' does not exist",
            dir.resolve("no-list.txt") + ": no such file; pass a text file naming one document per line",
            "Invalid options --data " + mail + " and --document-list " + withMissing + ": give one",
            "Missing option --data",
            mail.resolve("ham/001.eml") + ", byte ",
            "Invalid value for option encoding: 'nope!'",
        };
        for (int c = 0; c < cases.length; c++) {
            clear();
            List<String> args = new ArrayList<>(List.of("predict", "--model", model, "--out", csv.toString()));
            args.addAll(List.of(cases[c]));
            assertThat(plumb(args.toArray(String[]::new))).as("%s: %s", args, err).isEqualTo(2);
            assertThat(err.toString()).as("%s", args).startsWith("plumb: " + expected[c]);
            assertThat(err.toString().lines()).as("%s", args).hasSize(1);
            assertThat(csv).as("%s", args).doesNotExist();
        }
    }

    @Test
    void predictReadsDocumentsAsTheModelsTrainingDocumentsWereRead() throws Exception {
        // a Latin-1 corpus trained with --encoding ISO-8859-1 --undecodable fail: its model remembers both
        Path latin = dir.resolve("latin");
        Path fresh = dir.resolve("latin-new");
        SplittableRandom random = new SplittableRandom(29);
        for (int i = 0; i < 12; i++) {
            write(latin.resolve("ham/" + i + ".txt"), false, 1, random); // message 1 of every 5 is ISO-8859-1
            write(latin.resolve("spam/" + i + ".txt"), true, 1, random);
        }
        write(fresh.resolve("a.txt"), true, 1, random);
        write(fresh.resolve("b.txt"), false, 1, random);
        Path latinRun = dir.resolve("latin-run");
        assertThat(plumb("train", "--data", latin.toString(), "--encoding", "ISO-8859-1", "--undecodable", "fail",
                "--layers", "4", "--epochs", "2", "--quiet", "--out", latinRun.toString())).as("stderr: %s", err).isZero();
        String model = latinRun.resolve("model").toString();

        // without flags: strict UTF-8 would fail on 'é', UTF-8 with replacement would say so; neither happens
        clear();
        assertThat(plumb("predict", "--model", model, "--data", fresh.toString(), "--out", dir.resolve("l.csv").toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("data: 2 documents from " + fresh + "; read as ISO-8859-1\n");

        // a flag given overrides the model's encoding; its policy (fail) still holds
        clear();
        assertThat(plumb("predict", "--model", model, "--data", fresh.toString(), "--encoding", "UTF-8", "--out",
                dir.resolve("u.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: " + fresh.resolve("a.txt") + ", byte ").contains("not valid UTF-8");
        assertThat(dir.resolve("u.csv")).doesNotExist();
    }

    // ---- helpers ----

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** One SpamAssassin-like message, its encoding fixed by {@code i % 5}. */
    static void write(Path file, boolean spam, int i, SplittableRandom random) throws Exception {
        String encoding = ENCODINGS[i % ENCODINGS.length];
        String[] words = spam ? SPAM : HAM;
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 30; w++) {
            body.append(words[random.nextInt(words.length)]).append(' ');
        }
        body.append(switch (encoding) {
            case "ISO-8859-1" -> "\nCafé à 15h, très bien\n";
            case "windows-1252" -> "\nSave 50 € on “special” offers\n";
            case "US-ASCII" -> "\n--\nsent from my desk\n";
            default -> "\nGrüße aus Köln 🙂\n";
        });
        String text = "From: " + (spam ? "deals" : "ana") + i + "@example.org\nTo: you@example.org\nSubject: "
                + words[random.nextInt(words.length)] + "\nContent-Type: text/plain; charset=" + encoding + "\n\n" + body;
        byte[] bytes;
        if (encoding.equals("garbage")) {
            byte[] head = text.getBytes(StandardCharsets.UTF_8);
            bytes = new byte[head.length + 24];
            System.arraycopy(head, 0, bytes, 0, head.length);
            for (int k = head.length; k < bytes.length; k++) {
                bytes[k] = (byte) (0x80 + random.nextInt(0x80));
            }
            bytes[head.length] = (byte) 0xFF;
        } else {
            bytes = text.getBytes(Charset.forName(encoding));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
