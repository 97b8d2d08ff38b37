package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.plumb.data.Dataset;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.io.ModelBundle;
import dev.plumb.workflow.DataSource;
import dev.plumb.workflow.GradientCheckRun;
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
        defaultValueProvider = RunOptions.Defaults.class,
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

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GradientCheckConfig config = GradientCheckConfig.defaults().withEpsilon(epsilon).withSampleSize(sample)
                .withAfterSteps(afterSteps);
        List<GradientCheckReport> reports;
        if (model != null) {
            if (run.data == null) {
                throw new IllegalArgumentException("Missing option --data: the examples to check the model on, e.g. --data digits");
            }
            ModelBundle bundle = ModelBundle.load(model);
            RunSpec given = run.resolve(spec.commandLine().getParseResult());
            Dataset data = DataSource.loadWhole(given.data().source(), given.data().label(), given.data().imageSize(), given.data().csv(),
                    bundle, true);
            reports = GradientCheckRun.ofModel(bundle, data, config, examples);
        } else {
            reports = GradientCheckRun.ofNewNetwork(run.resolve(spec.commandLine().getParseResult()), config, examples);
        }
        PrintWriter w = spec.commandLine().getOut();
        boolean passed = true;
        for (GradientCheckReport report : reports) {
            w.println(report.format());
            passed &= report.passed();
        }
        w.flush();
        return passed ? 0 : 1;
    }
}
