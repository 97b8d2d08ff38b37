package dev.plumb.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import dev.plumb.data.*;
import dev.plumb.nn.*;
import dev.plumb.optim.*;
import dev.plumb.tensor.DType;
import dev.plumb.train.*;

class ScratchProbeTest {
    @Test
    void probe() {
        var spark = LocalSpark.get();
        Dataset digits = Digits.load(DType.FLOAT64);
        Split split = new Split(0.6, 0.2, 0.2, 42L, true);
        SparkSplit.Parts parts = SparkSplit.apply(split, SparkRows.of(spark, digits, 2), digits.classNames());
        Standardizer st = SparkStandardizer.fit(parts);
        NetworkSpec spec = new NetworkSpec(64, List.of(LayerSpec.dense(32, Activation.relu()), LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        Network net = spec.build(DType.FLOAT32, 1);
        TrainConfig config = new TrainConfig(1, 64, 0.05, 1, true);
        try (SparkData data = SparkData.of(parts, "digits", digits.classNames(), 64, st, DType.FLOAT32);
             SparkTrainingSet ts = data.trainingSet(net, config, OptimizerSpec.MOMENTUM, SparkTraining.SYNCHRONOUS, "x")) {
            Optimizer opt = OptimizerSpec.MOMENTUM.create();
            var params = List.copyOf(net.parameters().values());
            for (int round = 0; round < 4; round++) {
                long t0 = System.nanoTime();
                for (int e = 1; e <= 3; e++) { ts.beginEpoch(net, e); for (int s = 0; s < ts.steps(); s++) ts.step(net, params, opt, e, s, 0.05); }
                long t1 = System.nanoTime();
                for (int i = 0; i < 10; i++) ts.evaluate("train", net, 100);
                long t2 = System.nanoTime();
                System.out.printf("PROBE step %.1f ms, eval %.1f ms%n", (t1 - t0) / 1e6 / (3 * ts.steps()), (t2 - t1) / 1e7);
            }
        }
    }
}
