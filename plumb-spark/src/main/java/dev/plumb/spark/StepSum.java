package dev.plumb.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * What the partitions send back from one step, summed pairwise in Spark's tree: the examples they used, their cost
 * times their examples, and a vector weighted by their examples — gradients in synchronous mode (so the sum divided by
 * the examples is the gradient of the global batch), parameters and optimizer state in parameter averaging (so it is
 * their weighted mean). Sums are in float64, so that a float32 network's gradient comes back exactly when one partition
 * sent it, and within float64 round-off of any order of summation otherwise.
 */
final class StepSum implements Serializable {

    long examples;
    double costSum;
    long slowestComputeNanos; // the longest any partition computed: the step's compute, as partitions run in parallel
    double[] values; // null when no partition had an example
    LinkedHashMap<String, double[]> state; // optimizer state matrices (averaging), weighted
    LinkedHashMap<String, Double> counts; // optimizer step counts (averaging): the largest is kept

    /**
     * What one partition sends back from a step: its examples, their mean cost, and a vector in the network's own
     * precision, unweighted (packed by {@link Weights}: half the bytes of float64 for a float32 network) — gradients in
     * synchronous mode, parameter values in parameter averaging, with the optimizer's state.
     */
    record Share(int examples, double cost, byte[] values, LinkedHashMap<String, byte[]> state, long computeNanos)
            implements Serializable {

        static Share none() {
            return new Share(0, 0, null, null, 0);
        }

        /** @param since when the task's arithmetic began ({@link System#nanoTime}), for the step's cost split */
        static Share of(int examples, double cost, List<Parameter> parameters, boolean gradients, long since) {
            return new Share(examples, cost, Weights.pack(parameters, gradients), null, System.nanoTime() - since);
        }

        Share withState(Map<String, Matrix> optimizerState) {
            return new Share(examples, cost, values, encode(optimizerState), computeNanos);
        }
    }

    /** One partition's share, weighted by its examples. */
    static StepSum of(Share share, DType dtype, int values) {
        StepSum s = new StepSum();
        s.slowestComputeNanos = share.computeNanos();
        if (share.examples() == 0) {
            return s;
        }
        s.examples = share.examples();
        s.costSum = share.cost() * share.examples();
        s.values = new double[values];
        Weights.addScaled(share.values(), dtype, share.examples(), s.values);
        if (share.state() != null) {
            s.state = new LinkedHashMap<>();
            s.counts = new LinkedHashMap<>();
            share.state().forEach((name, packed) -> {
                if (isCount(name)) {
                    s.counts.put(name, java.nio.ByteBuffer.wrap(packed).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble());
                } else {
                    double[] w = new double[packed.length / dtype.bytes()];
                    Weights.addScaled(packed, dtype, share.examples(), w);
                    s.state.put(name, w);
                }
            });
        }
        return s;
    }

    /** The sum of the shares, taken in the order given (partition order: the same sum on every run). */
    static StepSum sum(List<Share> shares, DType dtype, int values) {
        StepSum total = empty();
        for (Share share : shares) {
            total = merge(total, of(share, dtype, values));
        }
        return total;
    }

    static StepSum empty() {
        return new StepSum();
    }

    /** The sum of two contributions (may reuse {@code a}'s arrays). */
    static StepSum merge(StepSum a, StepSum b) {
        if (a.values == null) {
            b.examples += a.examples;
            b.costSum += a.costSum;
            b.slowestComputeNanos = Math.max(a.slowestComputeNanos, b.slowestComputeNanos);
            return b;
        }
        a.slowestComputeNanos = Math.max(a.slowestComputeNanos, b.slowestComputeNanos);
        a.examples += b.examples;
        a.costSum += b.costSum;
        if (b.values != null) {
            add(a.values, b.values);
            if (a.state != null && b.state != null) {
                a.state.forEach((k, v) -> add(v, b.state.get(k)));
                b.counts.forEach((k, v) -> a.counts.merge(k, v, Math::max));
            }
        }
        return a;
    }

    private static void add(double[] into, double[] x) {
        for (int i = 0; i < into.length; i++) {
            into[i] += x[i];
        }
    }

    /** The mean cost of the examples. */
    double cost() {
        return costSum / examples;
    }

    /** Writes the weighted mean into {@code parameters}' gradients (synchronous) or values (averaging). */
    void meanInto(List<Parameter> parameters, boolean gradients) {
        int at = 0;
        for (Parameter p : parameters) {
            Matrix m = gradients ? p.grad() : p.value();
            for (int i = 0; i < m.size(); i++) {
                m.set(i, values[at++] / examples);
            }
        }
    }

    /**
     * The optimizer's step counts ({@code t}, {@code t/W1} of Adam): the partitions' largest is kept, as a count is
     * not averaged.
     */
    static boolean isCount(String name) {
        return name.equals("t") || name.startsWith("t/");
    }

    /** The weighted mean of the optimizer states, as matrices shaped like {@code parameters} (counts as 1×1 float64). */
    Map<String, Matrix> meanState(Map<String, Parameter> parameters) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        counts.forEach((name, c) -> {
            Matrix m = like(name, parameters);
            m.set(0, c);
            out.put(name, m);
        });
        state.forEach((name, v) -> {
            Matrix m = like(name, parameters);
            for (int i = 0; i < v.length; i++) {
                m.set(i, v[i] / examples);
            }
            out.put(name, m);
        });
        return out;
    }

    /**
     * An optimizer state to ship: each matrix packed in its own precision (a float32 network's moments in 4 bytes a
     * value — Adam's two moments are twice the weights, so this halves what parameter averaging moves). See {@link #decode}.
     */
    static LinkedHashMap<String, byte[]> encode(Map<String, Matrix> optimizerState) {
        LinkedHashMap<String, byte[]> out = new LinkedHashMap<>();
        optimizerState.forEach((name, m) -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(m.size() * m.dtype().bytes())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            m.writeTo(buffer, 0);
            out.put(name, buffer.array());
        });
        return out;
    }

    /** Packed state back into matrices (see {@link #like} for their shapes and precisions). */
    static Map<String, Matrix> decode(Map<String, byte[]> packed, Map<String, Parameter> parameters) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        packed.forEach((name, bytes) -> {
            Matrix m = like(name, parameters);
            m.readFrom(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
            out.put(name, m);
        });
        return out;
    }

    /**
     * A zero matrix for optimizer state {@code name}: a count is 1×1 float64, any other state "kind/P" has the shape and
     * precision of parameter P's value (Adam's and momentum's moments do).
     */
    private static Matrix like(String name, Map<String, Parameter> parameters) {
        if (isCount(name)) {
            return Matrix.zeros(DType.FLOAT64, 1, 1);
        }
        Parameter p = parameters.get(name.substring(name.indexOf('/') + 1));
        if (p == null) {
            throw new IllegalStateException("Optimizer state " + name + " belongs to no parameter of the network");
        }
        return p.value().zerosLike();
    }
}
