package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** For a big network the check compares a seeded random sample of N coordinates per tensor. */
class SampledGradientCheckTest {

    private static final int N = 20;

    /** 784-256-128-10 with ReLU, as for MNIST, and a batch of 16 pixel-like inputs in [0, 1). */
    private static final Network MNIST_SIZED = NetworkSpec.mlp(784, new int[] {256, 128}, 10, Activation.relu(),
            Loss.softmaxCrossEntropy()).withL2(0.01).build(DType.FLOAT32, 71);
    private static final Matrix X = pixels(16, 784, 72);
    private static final Matrix Y = Fixtures.oneHot(16, 10, 73).to(DType.FLOAT32);
    private static GradientCheckReport seed42;

    /** The check with seed 42, made once: each costs 2 forward passes of the big network per coordinate. */
    private static synchronized GradientCheckReport seed42() {
        if (seed42 == null) {
            seed42 = sampled(42).check(MNIST_SIZED, X, Y);
        }
        return seed42;
    }

    @Test
    void checksExactlyNCoordinatesPerTensorOrAllOfASmallerOne() {
        GradientCheckReport report = seed42();

        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        assertThat(report.tensors()).extracting(TensorCheck::coverage).containsExactly("20 of 200704", "20 of 256",
                "20 of 32768", "20 of 128", "20 of 1280", "10 of 10");
        assertThat(report.checked()).isEqualTo(5 * N + 10);
        assertThat(report.total()).isEqualTo(MNIST_SIZED.parameterCount());
        assertThat(report.passed()).isTrue();
        assertThat(report.format()).contains("20 of 200704");
        assertThat(report.notes()).contains("sampled check, at most 20 random coordinates per tensor (seed 42):"
                + " W1 checked 20 of 200704, b1 checked 20 of 256, W2 checked 20 of 32768, b2 checked 20 of 128,"
                + " W3 checked 20 of 1280; 110 of 235146 coordinates in all");
        assertThat(report.format()).contains("checked 20 of 200704");
    }

    @Test
    void theSameSeedGivesTheSameCheckAndAnotherSeedOtherCoordinates() {
        GradientCheckReport first = seed42();
        GradientCheckReport again = sampled(42).check(MNIST_SIZED, X, Y);
        GradientCheckReport other = sampled(43).check(MNIST_SIZED, X, Y);

        assertThat(again.tensors()).isEqualTo(first.tensors());
        assertThat(worstIndices(other, "W1")).isNotEqualTo(worstIndices(first, "W1"));
    }

    @Test
    void aSampleHoldsNDistinctIndicesInRangeInAscendingOrder() {
        int[] sample = CoordinateSample.draw(200704, N, 42, "W1");

        assertThat(sample).hasSize(N).doesNotHaveDuplicates().isSorted();
        assertThat(Arrays.stream(sample).allMatch(i -> i >= 0 && i < 200704)).isTrue();
        assertThat(CoordinateSample.draw(200704, N, 42, "W1")).containsExactly(sample);
        assertThat(CoordinateSample.draw(200704, N, 42, "W2")).isNotEqualTo(sample);
        assertThat(CoordinateSample.draw(10, N, 42, "b3")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(CoordinateSample.draw(5, 0, 42, "b")).containsExactly(0, 1, 2, 3, 4);
        assertThat(CoordinateSample.draw(21, N, 7, "x")).hasSize(N).doesNotHaveDuplicates();
    }

    private static GradientCheck sampled(long seed) {
        return new GradientCheck(GradientCheckConfig.defaults().withSampleSize(N).withSeed(seed));
    }

    private static int[] worstIndices(GradientCheckReport report, String tensor) {
        return report.tensor(tensor).orElseThrow().worst().stream().mapToInt(WorstCoordinate::index).sorted().toArray();
    }

    private static Matrix pixels(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(DType.FLOAT32, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble());
        }
        return x;
    }
}
