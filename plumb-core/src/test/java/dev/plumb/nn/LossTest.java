package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LossTest {

    @Test
    void parseKnowsEveryIdAndAliases() {
        assertThat(Loss.parse("softmax_cross_entropy")).isEqualTo(Loss.softmaxCrossEntropy());
        assertThat(Loss.parse("Cross-Entropy")).isEqualTo(Loss.softmaxCrossEntropy());
        assertThat(Loss.parse("bce")).isEqualTo(Loss.binaryCrossEntropy());
        assertThat(Loss.parse("mse")).isEqualTo(Loss.meanSquaredError());
        for (Loss loss : new Loss[] {Loss.softmaxCrossEntropy(), Loss.binaryCrossEntropy(), Loss.meanSquaredError()}) {
            assertThat(Loss.parse(loss.id())).isEqualTo(loss);
        }
    }

    @Test
    void unknownIdIsRejectedListingTheAllowedOnes() {
        assertThatThrownBy(() -> Loss.parse("hinge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hinge'")
                .hasMessageContaining("softmax_cross_entropy, binary_cross_entropy, mse");
    }
}
