package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

class NetworkSpecTest {

    /** Digits with a dropout layer in the middle: the random parts are initialization, masks and shuffles. */
    private static final NetworkSpec SPEC = new NetworkSpec(64, List.of(
            LayerSpec.dense(32, Activation.relu()),
            LayerSpec.dropout(0.8),
            LayerSpec.dense(16, Activation.tanh()),
            LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 1e-3, 0);

    private static Dataset train;
    private static Dataset dev;

    @BeforeAll
    static void standardizedDigits() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 7, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        train = standardizer.transform(parts.train());
        dev = standardizer.transform(parts.dev());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void buildWithTheSameSeedGivesBitIdenticalWeightsAndAnotherSeedDifferentOnes(DType dtype) {
        Network a = SPEC.build(dtype, 101);
        Network b = SPEC.build(dtype, 101);
        Network c = SPEC.build(dtype, 102);
        assertThat(a.dtype()).isEqualTo(dtype);
        assertSameWeights(a, b);
        assertThat(a.parameters().get("W1").value().contentEquals(c.parameters().get("W1").value())).isFalse();
    }

    @Test
    void trainingTwiceWithTheSameSeedAndConfigGivesBitIdenticalWeights() {
        Network first = trained(103);
        Network second = trained(103);
        assertSameWeights(first, second);

        Network untrained = SPEC.build(DType.FLOAT32, 103);
        assertThat(first.parameters().get("W1").value().contentEquals(untrained.parameters().get("W1").value()))
                .as("training changed the weights").isFalse();

        Network other = trained(104);
        for (String name : first.parameters().keySet()) {
            assertThat(first.parameters().get(name).value().contentEquals(other.parameters().get(name).value()))
                    .as("%s with another seed", name).isFalse();
        }
    }

    @Test
    void dropoutBeforeTheLastLayerTakesNoParameterIndexAndTheLastLayerMustBeDense() {
        assertThat(SPEC.build(DType.FLOAT32, 1).parameters().keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        assertThat(SPEC.outputs()).isEqualTo(10);
        assertThatThrownBy(() -> new NetworkSpec(4, List.of(LayerSpec.dense(3, Activation.relu()), LayerSpec.dropout(0.5)),
                Loss.meanSquaredError(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ending in dropout")
                .hasMessageContaining("the last one dense");
    }

    @Test
    void penaltiesAreValidatedAndBothTogetherAreTheElasticNet() {
        assertThatThrownBy(() -> SPEC.withL2(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l2")
                .hasMessageContaining("-0.1");
        assertThat(SPEC.withL1(0.01).build(DType.FLOAT32, 1).regularizer())
                .isEqualTo(new ElasticNet(new L2(1e-3), new L1(0.01)));
        assertThat(SPEC.withL2(0).withL1(0.5).build(DType.FLOAT64, 1).regularizer()).isEqualTo(new L1(0.5));
        assertThat(SPEC.build(DType.FLOAT64, 1).regularizer()).isEqualTo(new L2(1e-3));
    }

    @Test
    void inputsMustBePositive() {
        assertThatThrownBy(() -> new NetworkSpec(-5, SPEC.layers(), Loss.meanSquaredError(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputs")
                .hasMessageContaining("-5");
    }

    private static Network trained(long seed) {
        Network network = SPEC.build(DType.FLOAT32, seed);
        RunRecord run = new Trainer(new TrainConfig(3, 32, 0.003, seed, true), new Adam()).fit(network, train, dev);
        assertThat(run.history()).hasSize(3);
        return network;
    }

    private static void assertSameWeights(Network a, Network b) {
        assertThat(a.parameters().keySet()).containsExactlyElementsOf(b.parameters().keySet());
        for (String name : a.parameters().keySet()) {
            assertThat(a.parameters().get(name).value().contentEquals(b.parameters().get(name).value())).as(name).isTrue();
        }
    }
}
