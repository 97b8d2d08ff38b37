package dev.plumb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.diagnose.biasvariance.BiasVarianceThresholds;
import dev.plumb.diagnose.biasvariance.Phrasing;
import dev.plumb.workflow.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb diagnose}: the bias/variance verdict and the note's recipe, from a run or from three errors. */
@Command(name = "diagnose",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Bias and variance: avoidable bias (train − optimal), variance (dev − train), a verdict, and what to try "
                + "next — from a run directory, or from the errors given.",
                "", "Examples:", "  plumb diagnose runs/digits-20261129-101500 --bayes-error 0.01",
                "  plumb diagnose --train-error 0.01 --dev-error 0.11          # high variance", ""})
final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "0..1", description = "A run directory (its run.json); or give the errors.")
    Path runDirectory;

    @Option(names = "--train-error", description = "Training-set error, e.g. 0.01 for 1%%.")
    Double trainError;

    @Option(names = "--dev-error", description = "Dev-set error.")
    Double devError;

    @Option(names = "--bayes-error", defaultValue = "0", description = "Optimal (Bayes / human-level) error.")
    double bayesError;

    @Option(names = "--bias-threshold", defaultValue = "0.05", description = "Avoidable bias above this is high.")
    double biasThreshold;

    @Option(names = "--variance-threshold", defaultValue = "0.05", description = "Variance above this is high.")
    double varianceThreshold;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BiasVarianceThresholds thresholds = new BiasVarianceThresholds(biasThreshold, varianceThreshold);
        BiasVarianceReport report;
        if (runDirectory != null) {
            if (trainError != null || devError != null) {
                throw new IllegalArgumentException("Give either a run directory or --train-error and --dev-error, not both");
            }
            report = BiasVariance.from(new RunDirectory(runDirectory).readRecord(), bayesError, thresholds,
                    Phrasing.COMMAND_LINE);
        } else if (trainError != null && devError != null) {
            report = BiasVariance.of(trainError, devError, bayesError, thresholds, Phrasing.COMMAND_LINE);
        } else {
            throw new IllegalArgumentException("Missing input: give a run directory, or both --train-error and --dev-error "
                    + "(e.g. plumb diagnose --train-error 0.01 --dev-error 0.11)");
        }
        spec.commandLine().getOut().println(report.format());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
