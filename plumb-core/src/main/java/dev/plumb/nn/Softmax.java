package dev.plumb.nn;

import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SoftmaxKernel;

/**
 * Row-wise softmax: a_j = e^(z_j − max z) / Σ_k e^(z_k − max z) (shifting by the row maximum keeps
 * every exponent ≤ 0). Backward is the Jacobian-vector product dz_j = a_j (da_j − Σ_k da_k a_k). The
 * loops are {@link SoftmaxKernel}'s, shared with {@link SoftmaxCrossEntropy}.
 *
 * <p>For classification prefer an identity output with {@link SoftmaxCrossEntropy}, which fuses the
 * two stably; this activation is for networks that need the probabilities inside.
 */
public record Softmax() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        SoftmaxKernel.forward(z, a);
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        SoftmaxKernel.backward(a, dA, dZ);
    }

    @Override
    public String id() {
        return "softmax";
    }
}
