package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;
import dev.plumb.nn.Activation;
import dev.plumb.nn.L1;
import dev.plumb.nn.L2;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.Matrix;

/**
 * With regularization, J must include the regularization term, because the gradient does.
 * Leaving it out of J makes exactly the penalized weights fail, each off by the penalty's gradient.
 */
class ObjectiveGradientCheckTest {

    private static final double LAMBDA = 0.5;
    private final Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, 51);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 52);
    private final GradientCheck check = new GradientCheck();

    @Test
    void leavingTheL2TermOutOfJFailsTheWeightsByExactlyLambdaOverMTimesW() {
        Network network = network(new L2(LAMBDA));

        GradientCheckReport report = check.check(network, x, y, Objective.dataLossOnly());

        for (String w : new String[] {"W1", "W2"}) {
            TensorCheck t = report.tensor(w).orElseThrow();
            assertThat(t.verdict()).as(w).isIn(Verdict.SUSPICIOUS, Verdict.WRONG);
            Matrix value = network.parameters().get(w).value();
            // backprop − numerical = ∂[(λ/2m)‖W‖²]/∂W = (λ/m)·W, in closed form
            assertThat(t.worst()).allSatisfy(c -> assertThat(c.difference())
                    .isCloseTo(LAMBDA / Fixtures.M * value.get(c.index()), within(1e-7)));
        }
        assertThat(report.tensor("b1").orElseThrow().verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.tensor("b2").orElseThrow().verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.passed()).isFalse();
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.PENALTY_LEFT_OUT_OF_J);
        assertThat(report.diagnosis().message()).startsWith("W1 and W2 fail and the biases pass")
                .contains("J leaves out the regularization term");
        assertThat(report.notes()).anyMatch(n -> n.contains("exactly the regularization term"));
    }

    @Test
    void leavingTheL1TermOutOfJIsCaughtTheSameWay() {
        Network network = network(new L1(LAMBDA));

        GradientCheckReport report = check.check(network, x, y, Objective.dataLossOnly());

        TensorCheck w1 = report.tensor("W1").orElseThrow();
        Matrix value = network.parameters().get("W1").value();
        assertThat(w1.worst()).allSatisfy(c -> assertThat(c.difference())
                .isCloseTo(LAMBDA / Fixtures.M * Math.signum(value.get(c.index())), within(1e-7)));
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.PENALTY_LEFT_OUT_OF_J);
    }

    @Test
    void theNetworksOwnCostIncludesThePenaltyAndPasses() {
        Network network = network(new L2(LAMBDA));

        GradientCheckReport byDefault = check.check(network, x, y);
        GradientCheckReport explicit = check.check(network, x, y, Objective.networkCost());

        assertThat(byDefault.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(explicit.overallError()).isEqualTo(byDefault.overallError());
        assertThat(byDefault.notes()).noneMatch(n -> n.contains("not the same function"));
    }

    @Test
    void aPenaltyCountedTwiceInJIsOffByMinusThePenaltyGradient() {
        Network network = network(new L2(LAMBDA));
        Objective twice = (n, xb, yb, mode) -> n.cost(xb, yb, mode) + n.regularizationCost(xb.rows());

        GradientCheckReport report = check.check(network, x, y, twice);

        assertThat(report.diagnosis().finding()).isEqualTo(Finding.PENALTY_LEFT_OUT_OF_GRADIENT);
    }

    @Test
    void withoutAPenaltyTheDataLossIsTheCostAndPasses() {
        GradientCheckReport report = check.check(network(new L2(0)), x, y, Objective.dataLossOnly());

        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void dataLossOnlyIsTheLossOfTheForwardPass() {
        Network network = network(new L2(LAMBDA));
        double expected = network.cost(x, y, Mode.EVAL) - network.regularizationCost(x.rows());
        assertThat(Objective.dataLossOnly().cost(network, x, y, Mode.EVAL)).isCloseTo(expected, within(1e-14));
    }

    /** Seeds tried in search of weights away from the L1 kink; a handful suffice, so reaching this is a bug. */
    private static final int SEED_SEARCH_LIMIT = 100;

    private static Network network(Regularizer penalty) {
        for (long seed = 1; seed <= SEED_SEARCH_LIMIT; seed++) {
            Network network = Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), penalty, 3, seed);
            if (Fixtures.smallestWeight(network) > 1e-3) {
                return network;
            }
        }
        throw new AssertionError("no seed in 1.." + SEED_SEARCH_LIMIT
                + " gives a network whose every weight has |w| > 1e-3, away from the L1 kink at 0");
    }
}
