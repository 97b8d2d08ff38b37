package dev.plumb.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;

/**
 * Size and sparsity of one weight matrix: what L2 shrinks and L1 zeroes.
 *
 * @param name          network-wide name, e.g. "W1"
 * @param rows          shape
 * @param cols          shape
 * @param norm          Frobenius norm ‖W‖_F
 * @param meanAbs       mean |w|
 * @param nearZero      fraction of weights with |w| < {@link #NEAR_ZERO}
 * @param penalty       the layer's penalty id, e.g. "l2(0.5)"
 */
public record WeightStats(String name, int rows, int cols, double norm, double meanAbs, double nearZero, String penalty) {

    /** |w| below this counts as (near) zero. */
    public static final double NEAR_ZERO = 1e-3;

    /** Statistics of every penalized (weight) tensor of {@code network}, in layer order. */
    public static List<WeightStats> of(Network network) {
        List<WeightStats> out = new ArrayList<>();
        int layerIndex = 0;
        for (var layer : network.layers()) {
            for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
                Parameter p = e.getValue();
                if (p.regularized() && layer.parameters().contains(p)) {
                    out.add(of(e.getKey(), p.value(), network.regularizer(layerIndex).id()));
                }
            }
            layerIndex++;
        }
        return out;
    }

    static WeightStats of(String name, Matrix w, String penalty) {
        int n = w.size();
        int small = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(w.get(i)) < NEAR_ZERO) {
                small++;
            }
        }
        return new WeightStats(name, w.rows(), w.cols(), Math.sqrt(w.sumOfSquares()), n == 0 ? 0 : w.sumOfAbsolutes() / n,
                n == 0 ? 0 : (double) small / n, penalty);
    }
}
