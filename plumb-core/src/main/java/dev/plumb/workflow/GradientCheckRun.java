package dev.plumb.workflow;

import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;

/**
 * Gradient checking as {@code plumb gradcheck} runs it: on the network {@link TrainingRun} would train from a
 * spec (same data preparation, same architecture, same seed), or on a saved model, always on the first examples of
 * the (normalized) data, before and optionally after some training steps.
 */
public final class GradientCheckRun {

    private GradientCheckRun() {
    }

    /** Checks the network a run of {@code spec} would start from, on its first {@code examples} training examples. */
    public static List<GradientCheckReport> ofNewNetwork(RunSpec spec, GradientCheckConfig config, int examples)
            throws DataFileException {
        requireExamples(examples);
        PreparedData data = TrainingRun.prepare(spec);
        Network network = TrainingRun.network(spec, data);
        return check(network, data.firstTrainingExamples(examples), config);
    }

    /** Checks a saved model on the first {@code examples} of {@code data} (raw features, normalized as the model does). */
    public static List<GradientCheckReport> ofModel(ModelBundle model, Dataset data, GradientCheckConfig config,
                                                    int examples) {
        requireExamples(examples);
        Dataset first = PreparedData.checkBatch(data, examples);
        Dataset scaled = model.normalizer() == null ? first : model.normalizer().transform(first);
        return check(model.network(), scaled, config);
    }

    private static List<GradientCheckReport> check(Network network, Dataset batch, GradientCheckConfig config) {
        return new GradientCheck(config).checkBeforeAndAfterTraining(network, batch.features(), batch.targets());
    }

    private static void requireExamples(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("Invalid value for option examples: " + examples + ". Expected at least 1.");
        }
    }
}
