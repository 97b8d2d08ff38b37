package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.cli.report.LabFixtures;
import dev.plumb.lab.Experiment;
import dev.plumb.lab.LabDirectory;
import dev.plumb.lab.LabResult;

/** {@code plumb lab} with fake experiments: the listing, the files a run writes, the index, the console, the refusals. */
class LabCommandTest {

    private static final List<Experiment> FAKES = List.of(LabFixtures.slopes(), LabFixtures.fails(), LabFixtures.absent());

    @TempDir
    Path tmp;

    @Test
    void withoutANameItListsEveryExperimentWithItsClaim() {
        LabCli cli = new LabCli(FAKES);
        assertThat(cli.plumb("lab")).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("slopes").endsWith("The two-sided difference has error O(ε²), the one-sided O(ε).");
        assertThat(lines.get(1)).startsWith("fails ").endsWith("Weights shrink as λ grows.");
        assertThat(lines.get(2)).startsWith("absent").endsWith("More data lowers variance.");
        assertThat(cli.out.toString()).contains("plumb lab all");
        assertThat(cli.err.toString()).isEmpty();
    }

    @Test
    void aRunSavesTheResultRendersThePageFromItAndWritesTheIndex() throws Exception {
        Path out = tmp.resolve("lab");
        LabCli cli = new LabCli(FAKES);
        assertThat(cli.plumb("lab", "slopes", "--seed", "3", "--out", out.toString())).as("%s", cli.err).isZero();

        LabDirectory dir = new LabDirectory(out);
        Path page = dir.experiment("slopes").resolve(LabDirectory.PAGE_FILE);
        assertThat(dir.experiment("slopes").resolve(LabDirectory.RESULT_FILE)).isRegularFile();
        assertThat(page).isRegularFile();
        assertThat(out.resolve(LabDirectory.INDEX_FILE)).isRegularFile();
        // each plot also as a standalone SVG file, well-formed XML with its lines and legend inside
        for (String figure : List.of("figure-1.svg", "figure-2.svg")) {
            Path svg = dir.experiment("slopes").resolve(figure);
            assertThat(svg).isRegularFile();
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
            assertThat(Files.readString(svg)).contains("class=\"legend\"").contains("<style>");
        }
        assertThat(Files.readString(dir.experiment("slopes").resolve("figure-1.svg"))).contains("one-sided").contains("two-sided")
                .contains("ε = 1e-7 (the note&#39;s)");
        assertThat(dir.experiment("slopes").resolve("figure-3.svg")).doesNotExist();
        Files.writeString(dir.experiment("slopes").resolve("figure-3.svg"), "<svg/>"); // as an earlier run with three plots left it
        assertThat(new LabCli(FAKES).plumb("lab", "slopes", "--seed", "3", "--out", out.toString())).isZero();
        assertThat(dir.experiment("slopes").resolve("figure-3.svg")).as("a plot this run does not have").doesNotExist();
        assertThat(dir.experiment("slopes").resolve("figure-2.svg")).isRegularFile();

        LabResult saved = dir.read("slopes");
        assertThat(saved.verdict().holds()).isTrue();
        assertThat(saved.setup().keySet()).first().isEqualTo(LabCommand.COMMAND_KEY);
        assertThat(saved.setup()).containsEntry(LabCommand.COMMAND_KEY, "plumb lab slopes --seed 3").containsEntry("seed", "3");
        assertThat(Files.readString(page)).contains("plumb lab slopes --seed 3").contains("The claim holds here: ");

        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("slopes").contains("the claim holds: yes").endsWith(page.toString());
        assertThat(lines.get(1)).isEqualTo("index: " + out.resolve(LabDirectory.INDEX_FILE));
        assertThat(cli.err.toString()).isEmpty();

        String index = Files.readString(out.resolve(LabDirectory.INDEX_FILE));
        assertThat(index).contains("href=\"slopes/index.html\"").contains("The two-sided difference has error O(ε²)")
                .doesNotContain("fails/index.html");
    }

    @Test
    void allRunsEveryExperimentAndTheIndexShowsEachVerdict() throws Exception {
        Path out = tmp.resolve("all");
        LabCli cli = new LabCli(FAKES);
        assertThat(cli.plumb("lab", "all", "--out", out.toString())).as("%s", cli.err).isZero();
        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("slopes").contains("the claim holds: yes");
        assertThat(lines.get(1)).startsWith("fails").contains("the claim holds: no")
                .endsWith(out.resolve("fails").resolve(LabDirectory.PAGE_FILE).toString());
        assertThat(lines.get(2)).startsWith("absent").contains("skipped");
        String index = Files.readString(out.resolve(LabDirectory.INDEX_FILE));
        for (String name : List.of("slopes", "fails", "absent")) {
            assertThat(index).contains("href=\"" + name + "/index.html\"");
            assertThat(out.resolve(name).resolve(LabDirectory.PAGE_FILE)).isRegularFile();
        }
        // in the registry's order, each with its verdict
        assertThat(index.indexOf("slopes/index.html")).isLessThan(index.indexOf("fails/index.html"));
        assertThat(index.indexOf("fails/index.html")).isLessThan(index.indexOf("absent/index.html"));
        assertThat(index).contains("<span class=\"badge good\">yes</span>").contains("<span class=\"badge bad\">no</span>")
                .contains("<span class=\"badge info\">skipped</span>").contains("Fashion-MNIST is not installed")
                .contains("the claim holds in 1, does not hold in 1, 1 skipped");
        assertThat(Files.readString(out.resolve("absent").resolve(LabDirectory.PAGE_FILE))).contains("Fashion-MNIST is not installed");
    }

    @Test
    void theIndexKeepsTheResultsOfEarlierRunsInTheDirectory() throws Exception {
        Path out = tmp.resolve("kept");
        assertThat(new LabCli(FAKES).plumb("lab", "fails", "--out", out.toString())).isZero();
        assertThat(new LabCli(FAKES).plumb("lab", "slopes", "--out", out.toString())).isZero();
        String index = Files.readString(out.resolve(LabDirectory.INDEX_FILE));
        assertThat(index).contains("slopes/index.html").contains("fails/index.html");
        assertThat(index.indexOf("slopes/index.html")).isLessThan(index.indexOf("fails/index.html"));
        // a result.json that cannot be read is named, not fatal
        Files.createDirectories(out.resolve("broken"));
        Files.writeString(out.resolve("broken").resolve(LabDirectory.RESULT_FILE), "{ not json");
        assertThat(new LabCli(FAKES).plumb("lab", "absent", "--out", out.toString())).isZero();
        index = Files.readString(out.resolve(LabDirectory.INDEX_FILE));
        assertThat(index).contains("absent/index.html").contains("Results that could not be read").contains("<code>broken</code>");
    }

    @Test
    void theDataGivenIsPassedOnAndInTheLineThatRepeatsTheRun() throws Exception {
        Path out = tmp.resolve("data");
        assertThat(new LabCli(FAKES).plumb("lab", "slopes", "--data", "my data.csv", "--out", out.toString())).isZero();
        LabResult saved = new LabDirectory(out).read("slopes");
        assertThat(saved.setup()).containsEntry("data", "my data.csv")
                .containsEntry(LabCommand.COMMAND_KEY, "plumb lab slopes --seed 1 --data 'my data.csv'");
    }

    @Test
    void anUnknownNameIsRefusedInOneLineThatListsTheNames() {
        Path out = tmp.resolve("unknown");
        CliLab cli = new CliLab();
        int status = cli.lab.plumb("lab", "l3", "--out", out.toString());
        cli.assertRefused(status, "index:", "Unknown experiment 'l3'", "slopes, fails, absent");
        assertThat(out).doesNotExist();
        status = cli.lab.plumb("lab", "--seed", "4");
        cli.assertRefused(status, "slopes", "--seed applies to a run", "plumb lab all");
    }

    @Test
    void helpShowsExamplesAndMainHasTheCommand() {
        LabCli cli = new LabCli(FAKES);
        assertThat(cli.plumb("lab", "--help")).isZero();
        assertThat(cli.out.toString()).contains("Examples:").contains("plumb lab all").contains("--seed").contains("--data")
                .contains("runs/lab");
        CliCall real = new CliCall();
        assertThat(real.plumb("--help")).isZero();
        assertThat(real.out.toString()).contains("lab");
        assertThat(real.plumb("lab")).as("the registry's lab: %s", real.err).isZero();
        assertThat(LabCommand.DEFAULT_OUT).isEqualTo(Path.of("runs", "lab"));
    }

    /** {@link CliCall}'s refusal assertion on a lab of fakes. */
    private static final class CliLab {
        final LabCli lab = new LabCli(FAKES);

        void assertRefused(int status, String neverPrinted, String... fragments) {
            assertThat(status).as("stdout: %s", lab.out).isEqualTo(2);
            String line = lab.err.toString().strip();
            assertThat(line.lines()).as(line).hasSize(1);
            assertThat(line).startsWith("plumb: ").doesNotContain("Exception").doesNotContain("\tat ");
            for (String f : fragments) {
                assertThat(line).contains(f);
            }
            assertThat(lab.out.toString()).doesNotContain(neverPrinted);
            lab.out.getBuffer().setLength(0);
            lab.err.getBuffer().setLength(0);
        }
    }
}
