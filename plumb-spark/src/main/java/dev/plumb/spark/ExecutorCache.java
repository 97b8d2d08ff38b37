package dev.plumb.spark;

import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>One JVM-wide map, as Spark gives a task no other home that outlives it. It holds the entries of the
 * {@value #RUNS} runs that used it last (runs side by side in one application each keep theirs), so a long-lived
 * executor does not accumulate networks; a run that finished is also forgotten by {@link #forget}.
 */
final class ExecutorCache {

    /** Runs whose entries are kept. */
    static final int RUNS = 4;

    // run → (role/partition → entry), in the order of last use
    private static final LinkedHashMap<String, ConcurrentHashMap<String, Entry>> BY_RUN = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConcurrentHashMap<String, Entry>> eldest) {
            return size() > RUNS;
        }
    };

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
        ConcurrentHashMap<String, Entry> entries;
        synchronized (BY_RUN) {
            entries = BY_RUN.computeIfAbsent(recipe.run(), r -> new ConcurrentHashMap<>());
        }
        String key = role + "/" + block.partition();
        Entry entry = entries.get(key);
        if (entry == null || entry.data != block.data()) {
            entry = make.apply(block);
            entries.put(key, entry);
        }
        return entry;
    }

    /** Forgets the entries of {@code run} (when it ends, in the driver's JVM; executors forget at the next run). */
    static void forget(String run) {
        synchronized (BY_RUN) {
            BY_RUN.remove(run);
        }
    }
}
