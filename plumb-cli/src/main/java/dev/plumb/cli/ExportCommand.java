package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.plumb.io.ModelBundle;
import dev.plumb.onnx.OnnxExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb export}: a saved model as a file other runtimes read — today ONNX. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Export a saved model for other runtimes. onnx: a standard ONNX model (IR 8, opset 17) of the whole "
                + "prediction path — the saved normalizer (Sub/Div), every dense layer (Gemm) with its activation, and the "
                + "softmax or sigmoid output of a classifier — with input 'features' [batch, n], output 'probabilities' "
                + "(or 'predictions' for regression) and the class names, feature names and Plumb's version in its metadata. "
                + "A text model's file takes the vectorizer's output; the vectorizer's state is in the metadata.",
                "", "Example:", "  plumb export --model runs/digits/model --format onnx --out digits.onnx", ""})
final class ExportCommand implements Callable<Integer> {

    /** The formats {@code --format} takes. */
    static final String FORMATS = "onnx";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (a run's model/).")
    Path model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "The file format: " + FORMATS + ".")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (replaced atomically if it exists).")
    Path out;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String kind = format.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("onnx")) {
            throw new IllegalArgumentException("Invalid value for --format: '" + format + "'. Expected one of: " + FORMATS);
        }
        ModelBundle bundle = ModelBundle.load(model);
        OnnxExport.Summary summary = OnnxExport.write(bundle, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s: %s%n", out, summary.describe());
        if (summary.textFeatures()) {
            w.printf("note: the model reads text; the file takes the vectorizer's output (%d term weights per document), and the"
                    + " vectorizer's vocabulary, idf and options are in its metadata entry '%s'%n", summary.inputs(),
                    OnnxExport.META_VECTORIZER);
        }
        w.flush();
        return 0;
    }
}
