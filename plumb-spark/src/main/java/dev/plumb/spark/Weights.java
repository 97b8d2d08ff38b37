package dev.plumb.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;

/**
 * A network's parameter values as one byte array in their own precision (4 bytes a float32 value, 8 a float64), in
 * the order of {@link dev.plumb.nn.Network#parameters()}: what the driver broadcasts to the executors before a step,
 * the most compact form Spark can ship, and exact.
 */
final class Weights {

    private Weights() {
    }

    static byte[] pack(List<Parameter> parameters) {
        return pack(parameters, false);
    }

    /** The parameters' values, or with {@code gradients} their gradients, packed. */
    static byte[] pack(List<Parameter> parameters, boolean gradients) {
        int bytes = 0;
        for (Parameter p : parameters) {
            bytes += p.value().size() * p.value().dtype().bytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : parameters) {
            (gradients ? p.grad() : p.value()).writeTo(buffer, 0);
        }
        return buffer.array();
    }

    /** Adds {@code weight} times each packed value (of precision {@code dtype}) to {@code sums}. */
    static void addScaled(byte[] packed, dev.plumb.tensor.DType dtype, double weight, double[] sums) {
        ByteBuffer buffer = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == dev.plumb.tensor.DType.FLOAT32) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += weight * buffer.getFloat();
            }
        } else {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += weight * buffer.getDouble();
            }
        }
    }

    static void unpack(byte[] packed, List<Parameter> parameters) {
        ByteBuffer buffer = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : parameters) {
            Matrix value = p.value();
            int read = value.readFrom(buffer, 0);
            if (read != value.size()) {
                throw new IllegalStateException("The broadcast weights hold " + read + " values for " + p.name() + " of "
                        + value.size() + ": the executors run another network than the driver");
            }
        }
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("The broadcast weights hold " + buffer.remaining() + " bytes more than the "
                    + "network's parameters: the executors run another network than the driver");
        }
    }

    /** How many values the parameters hold. */
    static int count(List<Parameter> parameters) {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }
}
