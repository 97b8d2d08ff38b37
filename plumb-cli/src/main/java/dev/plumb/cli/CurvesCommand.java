package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.plumb.cli.report.CurvesPage;
import dev.plumb.workflow.Curves;
import dev.plumb.workflow.CurvesDirectory;
import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.ValidationCurve;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb curves}: a learning curve (error per train size) or a validation curve (error per value of one option). */
@Command(name = "curves",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        defaultValueProvider = RunOptions.Defaults.class,
        description = {"Learning curve (train and dev error per training-set size) or validation curve (per value of one "
                + "option), with a verdict: will more data, a bigger model or more regularization help? The test part is "
                + "not used. Writes curves.json and curves.html (the chart, the table, the verdict, every option) to --out.",
                "", "Examples:",
                "  plumb curves --data digits --layers 64 --train-sizes 0.1,0.2,0.4,0.7,1.0",
                "  plumb curves --data digits --layers 64 --epochs 15 --param l2=0,1,10,100",
                "  plumb curves --data digits --param layers=16,64,64:32      # ':' inside a value that is a list",
                ""})
final class CurvesCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--train-sizes", paramLabel = "F,F,…", description = "Learning curve: fractions of the training part "
            + "to train on, increasing, e.g. 0.1,0.2,0.4,0.7,1.0 (each a subset drawn with --seed, stratified for classes).")
    String trainSizes;

    @Option(names = "--param", paramLabel = "OPTION=V,V,…", description = "Validation curve: one run option and its values, "
            + "e.g. l2=0,0.1,1,10, keep-prob=1,0.8,0.5, lr=0.0003,0.001,0.003, layers=16,64,64:32.")
    String param;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to write curves.json and curves.html to. Default: "
            + "runs/curves-<timestamp>.")
    Path out;

    @Option(names = "--overwrite", description = "Write into --out even if it is not empty (its curves.json and curves.html "
            + "are replaced, other files left alone); by default a non-empty directory is refused.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if ((trainSizes == null) == (param == null)) {
            throw new IllegalArgumentException("plumb curves needs exactly one of --train-sizes (a learning curve, e.g. "
                    + "--train-sizes 0.1,0.2,0.4,0.7,1.0) and --param (a validation curve, e.g. --param l2=0,0.1,1,10)");
        }
        // the curve's own flag is checked before the data is loaded: a typo must not cost a run
        List<Double> fractions = trainSizes == null ? null : Curves.parseTrainSizes(trainSizes);
        Map.Entry<String, List<String>> varied = param == null ? null : Curves.parseParam(param);
        RunSpec runSpec = run.resolve(spec.commandLine().getParseResult());
        // and so is the directory: a full one must not cost the curves
        CurvesDirectory dir = new CurvesDirectory(out != null ? out : defaultDirectory());
        dir.requireWritable(overwrite);
        Map<String, String> options = runSpec.toOptions();
        if (fractions != null) {
            LearningCurve curve = Curves.learning(runSpec, fractions);
            print(w, curve);
            dir.write(options, curve);
            dir.writePage(CurvesPage.learning(options, curve));
        } else {
            ValidationCurve curve = Curves.validation(runSpec, varied.getKey(), varied.getValue());
            print(w, curve);
            dir.write(options, curve);
            dir.writePage(CurvesPage.validation(options, curve));
        }
        w.println();
        w.println("curves: " + dir.curves());
        w.println("page:   " + dir.page());
        w.flush();
        return 0;
    }

    /** runs/curves-<timestamp>, named as plumb train names its runs. */
    static Path defaultDirectory() {
        return TrainCommand.defaultDirectory("curves");
    }

    private static void print(PrintWriter w, LearningCurve curve) {
        w.println("learning curve on " + curve.source() + " (dev fixed; optimal error " + curve.bayesError() + ")");
        w.printf("%10s %10s %12s %10s %10s%n", "size", "examples", "train error", "dev error", "gap");
        for (int i = 0; i < curve.fractions().size(); i++) {
            double train = curve.trainErrors().get(i);
            double dev = curve.devErrors().get(i);
            w.printf("%10s %10d %12.4f %10.4f %10.4f%n", curve.fractions().get(i), curve.examples().get(i), train, dev,
                    dev - train);
        }
        w.println("verdict: " + curve.verdict());
    }

    private static void print(PrintWriter w, ValidationCurve curve) {
        w.println("validation curve of " + curve.parameter() + " on " + curve.source());
        w.printf("%14s %12s %10s%n", curve.parameter(), "train error", "dev error");
        for (int i = 0; i < curve.values().size(); i++) {
            String mark = curve.values().get(i).equals(curve.best()) ? "  ← lowest dev error" : "";
            w.printf("%14s %12.4f %10.4f%s%n", curve.values().get(i), curve.trainErrors().get(i), curve.devErrors().get(i),
                    mark);
        }
        w.println("verdict: " + curve.verdict());
    }
}
