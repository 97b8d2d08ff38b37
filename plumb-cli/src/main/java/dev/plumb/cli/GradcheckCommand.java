package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;
import dev.plumb.workflow.DataSource;
import dev.plumb.workflow.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code plumb gradcheck}: compares backprop's gradients with two-sided numerical ones, per tensor, in
 * float64 — on the network {@code plumb train} would build from the same flags, or on a saved model.
 * Exit status 0 when the check passes, 1 when it does not.
 */
@Command(name = "gradcheck",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {"Gradient checking: relative error ‖dθ_approx − dθ‖ / (‖dθ_approx‖ + ‖dθ‖) overall and per tensor (W1, b1, …), "
                + "in float64 with dropout off and the penalty in J, the worst coordinates and a diagnosis. "
                + "Exit status 0 when it passes (< 1e-5), 1 when not.",
                "", "Examples:",
                "  plumb gradcheck --data digits --layers 32,16 --activation tanh --l2 0.5",
                "  plumb gradcheck --model runs/digits/model --data digits --sample 50 --after-steps 20", ""})
final class GradcheckCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--model", paramLabel = "DIR", description = "Check a saved model instead of a new network built from the flags.")
    Path model;

    @Option(names = "--epsilon", defaultValue = "1e-7", description = "ε of the two-sided differences.")
    double epsilon;

    @Option(names = "--sample", defaultValue = "0", description = "Coordinates checked per tensor, drawn at random (0 = all).")
    int sample;

    @Option(names = "--after-steps", defaultValue = "0", description = "Also check after this many SGD steps on the check batch.")
    int afterSteps;

    @Option(names = "--examples", defaultValue = "32", description = "Training examples in the check batch.")
    int examples;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GradientCheckConfig config = GradientCheckConfig.defaults().withEpsilon(epsilon).withSampleSize(sample)
                .withAfterSteps(afterSteps);
        if (examples < 1) {
            throw new IllegalArgumentException("Invalid value for option --examples: " + examples + ". Expected at least 1.");
        }
        Network network;
        Dataset batch;
        if (model != null) {
            if (run.data == null) {
                throw new IllegalArgumentException("Missing option --data: the examples to check the model on, e.g. --data digits");
            }
            ModelBundle bundle = ModelBundle.load(model);
            Dataset data = DataSource.loadWhole(run.data, run.label, run.imageSize, bundle, true);
            batch = first(data, bundle.normalizer());
            network = bundle.network();
        } else {
            RunSpec runSpec = run.resolve(spec.commandLine().getParseResult());
            DataSource.Loaded loaded = DataSource.load(runSpec);
            Dataset train = loaded.parts().train();
            Normalizer normalizer = Normalizer.Kind.parse(runSpec.normalize()).fit(train);
            batch = first(train, normalizer);
            int outputs = train.isClassification() ? train.classCount() : train.targets().cols();
            network = runSpec.network(train.featureCount(), outputs).build(runSpec.precision(), runSpec.seed());
        }
        List<GradientCheckReport> reports = new GradientCheck(config).checkBeforeAndAfterTraining(network, batch.features(),
                batch.targets());
        PrintWriter w = spec.commandLine().getOut();
        boolean passed = true;
        for (GradientCheckReport report : reports) {
            w.println(report.format());
            passed &= report.passed();
        }
        w.flush();
        return passed ? 0 : 1;
    }

    private Dataset first(Dataset data, Normalizer normalizer) {
        Dataset scaled = normalizer == null ? data : normalizer.transform(data);
        return scaled.subset(data.name() + " (check batch)", IntStream.range(0, Math.min(examples, data.size())).toArray());
    }
}
