package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb tune's refusals: one line on stderr naming the problem and the fix, exit 2, nothing trained. */
class TuneRefusalsCliTest {

    private final CliCall cli = new CliCall();

    @TempDir
    Path tmp;

    private int plumb(String... args) {
        return cli.plumb(args);
    }

    private void assertRefused(int status, String... fragments) {
        cli.assertRefused(status, "trial ", fragments);
    }

    @Test
    void searchingTheDataOrItsSplitIsRefused() {
        assertRefused(plumb("tune", "--data", "digits", "--split", "0.6,0.2,0.2|0.8,0.1,0.1", "--out",
                tmp.resolve("s").toString()), "split cannot be searched", "same dev examples");
    }

    @Test
    void aBadValueInAChoiceIsRefusedBeforeAnyTrial() {
        assertRefused(plumb("tune", "--data", "digits", "--activation", "relu|tahn", "--out", tmp.resolve("s").toString()),
                "activation", "tahn");
    }

    @Test
    void aRandomOrGridSearchNeedsADimension() {
        assertRefused(plumb("tune", "--data", "digits", "--strategy", "grid", "--out", tmp.resolve("s").toString()),
                "needs at least one option given as a range or choices", "--strategy recipe");
    }

    @Test
    void aGridLargerThanTheBudgetIsRefused() {
        assertRefused(plumb("tune", "--data", "digits", "--strategy", "grid", "--l2", "0|1|3|10", "--layers", "8|16|32",
                "--budget", "6", "--out", tmp.resolve("s").toString()), "grid has 12 points", "--budget 12");
    }

    @Test
    void resumeTakesEverySettingFromTheStudy() {
        assertRefused(plumb("tune", "--resume", tmp.toString(), "--lr", "0.01"), "--resume takes every setting",
                "drop --lr");
        assertRefused(plumb("tune", "--resume", tmp.resolve("nothing-here").toString()), "has no study.json");
        assertThat(tmp.resolve("nothing-here")).as("resuming nothing creates nothing").doesNotExist();
    }

    @Test
    void aFinishedStudyDoesNotLookAtItsTestSetTwice() throws Exception {
        Path dir = tmp.resolve("study");
        int status = plumb("tune", "--data", "digits", "--layers", "8|16", "--epochs", "3", "--strategy", "grid",
                "--learning-curve", "false", "--out", dir.toString());
        assertThat(status).as("stderr: %s", cli.err).isZero();
        assertThat(cli.out.toString()).contains("test (evaluated once, for trial ");
        String study = Files.readString(dir.resolve("study.json"));
        cli.out.getBuffer().setLength(0);
        assertRefused(plumb("tune", "--resume", dir.toString()), "is finished", "test set was evaluated once",
                "second dev set", "Start a new study");
        assertThat(Files.readString(dir.resolve("study.json"))).isEqualTo(study);
        assertRefused(plumb("tune", "--data", "digits", "--layers", "8|16", "--out", dir.toString()), "already holds a study",
                "--resume");
    }

    @Test
    void threadsOutsideOneToFourTimesTheCoresAreRefusedBeforeAnyTrial() {
        int cores = Runtime.getRuntime().availableProcessors();
        Path out = tmp.resolve("threads");
        assertThat(plumb("tune", "--data", "digits", "--threads", String.valueOf(4 * cores + 1), "--out", out.toString()))
                .isEqualTo(2);
        assertThat(cli.err.toString().strip()).isEqualTo("plumb: Invalid value for option --threads: " + (4 * cores + 1)
                + ". Expected a number of OpenBLAS threads from 1 to " + 4 * cores + " (4 × the " + cores
                + (cores == 1 ? " core" : " cores") + " of this machine), e.g. --threads 1 on a busy machine.");
        assertThat(out).doesNotExist();
    }

    @Test
    void aStudyRefusedBeforeItsFirstTrialLeavesNoDirectoryBehind() {
        Path out = tmp.resolve("no-dev");
        assertThat(plumb("tune", "--data", "digits", "--split", "1,0,0", "--out", out.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("dev part");
        assertThat(cli.out.toString()).as("no study header before the refusal").doesNotContain("study:");
        assertThat(out).doesNotExist();
    }

    @Test
    void aStudyIsNotWrittenIntoATrainingRunsDirectory() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(plumb("train", "--data", "digits", "--layers", "8", "--epochs", "1", "--out", run.toString())).isZero();
        cli.out.getBuffer().setLength(0);
        assertRefused(plumb("tune", "--data", "digits", "--layers", "8|16", "--out", run.toString()),
                "holds a plumb train run", "choose another --out");
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("study.json");
        }
    }

    @Test
    void anUnknownKeyInTheConfigFileNamesTheFile() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("space.yaml"), "data: digits\nlr: 1e-3..1e-2:log\nbogus: 3\n");
        assertRefused(plumb("tune", "--config", yaml.toString(), "--out", tmp.resolve("s").toString()),
                yaml + ": unknown option 'bogus'");
    }
}
