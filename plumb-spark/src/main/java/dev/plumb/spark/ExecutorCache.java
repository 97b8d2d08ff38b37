package dev.plumb.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.plumb.data.Dataset;
import dev.plumb.nn.Network;
import dev.plumb.optim.Optimizer;
import dev.plumb.train.LocalTrainingSet;

/**
 * An executor's working state per partition for the run it takes part in: the network it computes with (its layers'
 * buffers and its dropout stream), the partition's {@link LocalTrainingSet} (its batch buffers and the epoch's order)
 * and, for parameter averaging, its optimizer. Kept between tasks because building them per step would cost more than
 * the step; never the source of truth — the weights come from the driver's broadcast at every step, and a lost entry
 * (a lost executor) is rebuilt from the {@link Recipe} and the partition's {@link Block}.
 *
 * <p>One JVM-wide map, as Spark gives a task no other home that outlives it; it holds the entries of one run at a time
 * (a task of a new run clears those of the previous one), so a long-lived executor does not accumulate networks.
 */
final class ExecutorCache {

    private static final ConcurrentHashMap<String, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static volatile String currentRun = "";

    private ExecutorCache() {
    }

    /** The state of one partition of one run's blocks (training, dev, test are told apart by {@code role}). */
    static final class Entry {
        final Network network;
        final Dataset data;
        LocalTrainingSet trainingSet;
        Optimizer optimizer;
        int epoch;

        Entry(Network network, Dataset data) {
            this.network = network;
            this.data = data;
        }
    }

    /**
     * The entry of ({@code recipe}'s run, {@code role}, the block's partition), made by {@code make} when there is none
     * or the block was rebuilt since (a recomputed partition is a new object).
     */
    static Entry get(Recipe recipe, String role, Block block, Function<Block, Entry> make) {
        if (!recipe.run().equals(currentRun)) {
            synchronized (ExecutorCache.class) {
                if (!recipe.run().equals(currentRun)) {
                    ENTRIES.clear();
                    currentRun = recipe.run();
                }
            }
        }
        String key = recipe.run() + "/" + role + "/" + block.partition();
        Entry entry = ENTRIES.get(key);
        if (entry == null || entry.data != block.data()) {
            entry = make.apply(block);
            ENTRIES.put(key, entry);
        }
        return entry;
    }

    /** Forgets the entries of {@code run} (when it ends, in the driver's JVM; executors forget at the next run). */
    static void forget(String run) {
        ENTRIES.keySet().removeIf(k -> k.startsWith(run + "/"));
    }
}
