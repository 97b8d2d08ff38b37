package dev.plumb.diagnose.gradcheck;

import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A parameterless activation layer written against {@link Layer}: a = tanh(x)·scale forward. Backward
 * may forget the derivative (dX = dA) or scale it wrongly: bugs only the input gradient can show.
 */
final class HandWrittenTanh implements Layer {

    private final boolean forgetDerivative;
    private final double backwardScale;
    private Matrix a;

    HandWrittenTanh(boolean forgetDerivative, double backwardScale) {
        this.forgetDerivative = forgetDerivative;
        this.backwardScale = backwardScale;
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        a = input.zerosLike();
        for (int i = 0; i < a.size(); i++) {
            a.set(i, Math.tanh(input.get(i)));
        }
        return a;
    }

    @Override
    public Matrix backward(Matrix dA) {
        Matrix dX = dA.zerosLike();
        for (int i = 0; i < dX.size(); i++) {
            double derivative = forgetDerivative ? 1 : 1 - a.get(i) * a.get(i);
            dX.set(i, backwardScale * derivative * dA.get(i));
        }
        return dX;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    @Override
    public Layer copy(DType dtype) {
        return new HandWrittenTanh(forgetDerivative, backwardScale);
    }

    @Override
    public String describe() {
        return "HandWrittenTanh";
    }
}
