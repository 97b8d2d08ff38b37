package dev.plumb.spark;

import java.io.Serializable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;

/**
 * What an executor needs to take its part in a run, shipped in every task's closure (a few hundred bytes): the
 * architecture (as the JSON a model file holds), the precision, the seed, the batch share of each partition, the
 * optimizer (for local steps) and the training set size that scales the weight penalty. The weights themselves
 * travel separately, broadcast before each step.
 *
 * @param run             identifies the run, so an executor's cached networks are never those of another run
 * @param networkJson     the {@link NetworkSpec} as JSON
 * @param dtype           the network's precision
 * @param seed            the run's seed: partition 0 shuffles and draws dropout masks as one machine does, partition
 *                        p with a seed derived from (seed, p)
 * @param shuffle         draw a new order of a partition's examples each epoch
 * @param batchShares     examples per step of each partition
 * @param optimizer       the optimizer local steps use (parameter averaging)
 * @param penaltyExamples the training set's size m, which scales the weight penalty (λ/2m)·‖W‖²
 */
record Recipe(String run, String networkJson, DType dtype, long seed, boolean shuffle, int[] batchShares,
              OptimizerSpec optimizer, int penaltyExamples) implements Serializable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static String json(NetworkSpec spec) {
        return JSON.writeValueAsString(spec);
    }

    /** The seed of partition {@code p}: the run's own for partition 0, so one partition trains as one machine does. */
    long seed(int partition) {
        return partition == 0 ? seed : seed ^ (0x9E3779B97F4A7C15L * (partition + 1L));
    }

    /** A network of this architecture whose dropout layers draw from partition {@code p}'s stream. */
    Network network(int partition) {
        try {
            return JSON.readValue(networkJson, NetworkSpec.class).build(dtype, seed(partition));
        } catch (JacksonException e) {
            throw new IllegalStateException("The executor cannot read the network's architecture: " + e.getOriginalMessage(), e);
        }
    }
}
