package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.plumb.io.ModelBundle;
import dev.plumb.onnx.OnnxImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb import}: an ONNX MLP trained elsewhere as a Plumb model directory. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Import an ONNX multilayer perceptron — Gemm or MatMul+Add layers with Relu, LeakyRelu, Tanh, Sigmoid or "
                + "Identity, an optional Sub/Div normalization in front, Softmax or Sigmoid at the end — as a Plumb model "
                + "directory, for plumb evaluate, predict, gradcheck --model and fine-tuning (plumb train --init-from). "
                + "Anything else is refused naming the node and its op type. Class and feature names come from the file's "
                + "metadata when Plumb exported it; otherwise classes are 0, 1, ….",
                "", "Examples:", "  plumb import digits.onnx --out runs/imported/model",
                "  plumb evaluate --model runs/imported/model --data digits", ""})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx file.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace the model already in --out.")
    boolean overwrite;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("Invalid --out " + out + ": it is a file; give a directory for the model");
        }
        if (!overwrite && Files.exists(out.resolve(ModelBundle.CONFIG_FILE))) {
            throw new IllegalArgumentException("Invalid --out " + out + ": it already holds a model; pass --overwrite to "
                    + "replace it, or choose another directory");
        }
        OnnxImport.Imported imported = OnnxImport.read(file);
        imported.model().save(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("imported %s: %s%n", file, imported.description());
        w.printf("model directory: %s%n", out);
        w.printf("use it: plumb evaluate --model %s --data FILE, plumb predict --model %s --data FILE, "
                + "plumb gradcheck --model %s --data FILE%n", out, out, out);
        w.flush();
        return 0;
    }
}
