package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** plumb curves as a user runs it. */
class CurvesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void learningCurvePrintsEverySizeAndAVerdict() {
        int status = plumb("curves", "--data", "digits", "--layers", "16", "--epochs", "5", "--train-sizes", "0.2,1.0");
        assertThat(status).as("stderr: %s", err).isZero();
        String text = out.toString();
        assertThat(text).contains("learning curve on digits").contains("0.2").contains("1.0").contains("verdict: ");
        assertThat(text.lines().filter(line -> line.matches("\\s+(0\\.2|1\\.0)\\s+\\d+\\s+.*"))).hasSize(2);
    }

    @Test
    void validationCurvePrintsEveryValueAndMarksTheBest() {
        int status = plumb("curves", "--data", "digits", "--layers", "16", "--epochs", "3", "--param", "keep-prob=1,0.5");
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("validation curve of keep-prob").contains("← lowest dev error")
                .contains("verdict: lowest dev error");
    }

    @Test
    void badParamIsOneLineWithExitStatus2() {
        assertThat(plumb("curves", "--data", "digits", "--param", "lambda=1,2")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("--param").contains("'lambda' is not a run option");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badValueOfAValidOptionNamesTheOption() {
        assertThat(plumb("curves", "--data", "digits", "--param", "l2=0,-1")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("l2").contains("-1");
    }

    @Test
    void neitherOrBothCurveFlagsIsAnError() {
        assertThat(plumb("curves", "--data", "digits")).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one of --train-sizes").contains("--param");
    }
}
