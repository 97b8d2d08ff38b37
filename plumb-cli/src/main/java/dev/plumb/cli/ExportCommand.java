package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.plumb.io.ModelBundle;
import dev.plumb.io.TorchExport;
import dev.plumb.onnx.OnnxExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb export}: a saved model as files other runtimes read — ONNX, or PyTorch's safetensors and a script. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Export a saved model for other runtimes. onnx: a standard ONNX model (IR 8, opset 17) of the whole "
                + "prediction path — the saved normalizer (Sub/Div), every dense layer (Gemm) with its activation, and the "
                + "softmax or sigmoid output of a classifier — with input 'features' [batch, n], output 'probabilities' "
                + "(or 'predictions' for regression) and the class names, feature names and Plumb's version in its metadata. "
                + "torch: a directory with model.safetensors (the weights under the state_dict names of an equivalent "
                + "torch.nn.Sequential, the normalizer as tensors, the names in its metadata) and a generated model.py that "
                + "builds the Sequential, loads the file and normalizes: model.load().predict(x). "
                + "A text model's files take the vectorizer's output; the vectorizer's state is in the metadata.",
                "", "Examples:", "  plumb export --model runs/digits/model --format onnx --out digits.onnx",
                "  plumb export --model runs/digits/model --format torch --out digits-torch", ""})
final class ExportCommand implements Callable<Integer> {

    /** The formats {@code --format} takes. */
    static final String FORMATS = "onnx, torch";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (a run's model/).")
    Path model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", description = "The file format: " + FORMATS + ".")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "onnx: the file to write; torch: the directory to write (created if missing). A file there is replaced atomically.")
    Path out;

    @Option(names = "--overwrite", description = "Replace what is already at --out (by default an existing file, or a "
            + "directory that is not empty, is refused).")
    boolean overwrite;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String kind = format.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("onnx") && !kind.equals("torch")) {
            throw new IllegalArgumentException("Invalid value for --format: '" + format + "'. Expected one of: " + FORMATS);
        }
        refuseWhatIsThere(kind);
        ModelBundle bundle = ModelBundle.load(model);
        PrintWriter w = spec.commandLine().getOut();
        boolean text;
        int inputs;
        if (kind.equals("onnx")) {
            OnnxExport.Summary summary = OnnxExport.write(bundle, out);
            w.printf("wrote %s: %s%n", out, summary.describe());
            text = summary.textFeatures();
            inputs = summary.inputs();
        } else {
            TorchExport.Summary summary = TorchExport.write(bundle, out);
            w.printf("wrote %s: %s%n", out, summary.describe());
            w.printf("use it: python3 %s < features.csv > predictions.csv, or in Python: import model;"
                    + " model.load().predict(x)%n", out.resolve(TorchExport.SCRIPT_FILE));
            text = summary.text();
            inputs = summary.inputs();
        }
        if (text) {
            w.printf("note: the model reads text; the export takes the vectorizer's output (%d term weights per document), and the"
                    + " vectorizer's vocabulary, idf and options are in its metadata entry '%s'%n", inputs,
                    OnnxExport.META_VECTORIZER);
        }
        w.flush();
        return 0;
    }

    // An export never lands on something the user did not mean to replace: a file unless --overwrite, a non-empty
    // directory for torch unless --overwrite, and never a device, a link or (for onnx) a directory.
    private void refuseWhatIsThere(String kind) throws java.io.IOException {
        if (!java.nio.file.Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean regular = java.nio.file.Files.isRegularFile(out, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean directory = java.nio.file.Files.isDirectory(out, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (kind.equals("onnx")) {
            if (!regular) {
                throw new IllegalArgumentException("Invalid --out " + out + ": it is " + (directory ? "a directory; give a "
                        + "file path such as " + out.resolve("model.onnx") : "not a regular file (a device or a link)")
                        + "; choose another path");
            }
            if (!overwrite) {
                throw new IllegalArgumentException("Invalid --out " + out + ": the file exists; pass --overwrite to replace "
                        + "it, or choose another path");
            }
        } else if (directory) {
            try (var entries = java.nio.file.Files.list(out)) {
                if (entries.findAny().isPresent() && !overwrite) {
                    throw new IllegalArgumentException("Invalid --out " + out + ": the directory is not empty; pass "
                            + "--overwrite to write the export into it anyway, or choose a new directory");
                }
            }
        } else if (!regular) {
            throw new IllegalArgumentException("Invalid --out " + out + ": it is not a directory or a regular file (a "
                    + "device or a link); choose another path");
        }
    }
}
