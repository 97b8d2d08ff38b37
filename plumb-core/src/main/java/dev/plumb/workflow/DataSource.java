package dev.plumb.workflow;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.ImageShape;
import dev.plumb.data.Split;
import dev.plumb.data.TextCorpus;
import dev.plumb.data.TextDecoding;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.data.io.CsvData;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvReader;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.data.io.ImageFolderOptions;
import dev.plumb.data.io.ImageFolderReader;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.data.io.TextFolderReader;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.DType;

/**
 * Turns a {@code data} option into split data: a built-in name ({@code digits}, {@code fashion-mnist}), a
 * CSV file, a directory of IDX files, a folder of images or of texts (one sub-folder per class). Dev and
 * test come from the split ratios, or from files ({@code dev}, {@code test}); a data set with an official
 * test set (Fashion-MNIST) keeps it and splits dev off its training part.
 */
public final class DataSource {

    private DataSource() {
    }

    /**
     * Split data ready for normalization, and for text the vectorizer fitted on the training documents.
     *
     * @param description one line saying what was loaded, for the CLI
     */
    record Loaded(Split.Parts parts, TextVectorizer vectorizer, String description) {
    }

    static Loaded load(RunSpec spec) throws DataFileException {
        return load(spec, null);
    }

    /**
     * As {@link #load(RunSpec)}, for fine-tuning {@code initial} (null: a new network): a CSV file's feature columns are
     * the model's, found by name as {@code plumb predict} finds them (when the model knows its feature names), and
     * texts are vectorized with the model's vectorizer rather than one fitted on the training documents.
     */
    static Loaded load(RunSpec spec, ModelBundle initial) throws DataFileException {
        Loaded loaded = read(spec, initial);
        if (initial != null && initial.vectorizer() != null && loaded.vectorizer() == null) {
            throw new IllegalArgumentException("Invalid data " + spec.data().source() + " for init-from "
                    + spec.model().initFrom().map(Path::toString).orElse("") + ": the model was trained on text (it has a "
                    + "vectorizer), so it fine-tunes on a folder of texts, one sub-folder per class");
        }
        return loaded;
    }

    private static Loaded read(RunSpec spec, ModelBundle initial) throws DataFileException {
        String data = spec.data().source();
        DType dtype = spec.precision();
        if (data.equalsIgnoreCase("digits")) {
            return numeric(Digits.load(dtype), spec, "the bundled handwritten digits (1,797 8x8 images, 10 classes)");
        }
        Path path = Path.of(data.equalsIgnoreCase(FashionMnist.NAME) ? FashionMnist.DEFAULT_DIRECTORY.toString() : data);
        if (data.equalsIgnoreCase(FashionMnist.NAME) || isIdxDirectory(path)) {
            Dataset train = FashionMnist.train(path).to(dtype);
            Dataset test = FashionMnist.test(path).to(dtype);
            return withOfficialTest(train, test, spec, "Fashion-MNIST from " + path + " (official test set kept)");
        }
        if (Files.isDirectory(path)) {
            return isImageFolder(path) ? numeric(ImageFolderReader.read(path, ImageFolderOptions.resize(spec.data().imageSize()), dtype), spec,
                    "images from " + path) : text(TextFolderReader.readCounted(path, spec.data().text()), spec, path, initial);
        }
        requireCsvFile(path);
        CsvOptions options = csvOptions(spec, dtype);
        if (initial != null && !initial.featureNames().isEmpty()) {
            options = options.withAllFeatureColumns().withFeatureColumns(initial.featureNames());
        }
        CsvData train = CsvReader.read(path, options);
        if (spec.data().devFile().isPresent() || spec.data().testFile().isPresent()) {
            return csvWithFiles(train, options, spec);
        }
        return withRowsDropped(numeric(train.dataset(), spec, "CSV " + path), train.rowsDropped());
    }

    // Rows dropped for a missing value go into the manifest (and so the run record and the report) and the description.
    private static Loaded withRowsDropped(Loaded loaded, int rowsDropped) {
        if (rowsDropped == 0) {
            return loaded;
        }
        Split.Parts p = loaded.parts();
        return new Loaded(new Split.Parts(p.train(), p.dev(), p.test(), p.manifest().withRowsDropped(rowsDropped)),
                loaded.vectorizer(), loaded.description() + "; " + rowsDropped + (rowsDropped == 1 ? " row" : " rows")
                + " with a missing value dropped (--allow-missing)");
    }

    /**
     * A whole data set (not split) in the form {@code model} reads: for {@code plumb evaluate} (labelled)
     * and {@code plumb predict} ({@code labelled = false}: a CSV needs no label column, only the model's
     * feature columns). Class indices follow the model's class names.
     *
     * <p>A CSV file is read with {@code csv}'s delimiter and missing-value rule. Its feature columns are the ones the
     * model was trained on, found by name (so a file with the columns the training file had, an id column left out
     * with {@code drop-columns} included, reads as it did); {@code csv}'s columns apply only to a model that does
     * not know its feature names.
     *
     * @param label     CSV label column (name or index), or "" for the last column
     * @param imageSize image folders: HxWxC, or "" for 28x28x1
     * @param csv       how to read a CSV file
     */
    public static Dataset loadWhole(String data, String label, ImageShape imageSize, CsvSettings csv, ModelBundle model,
                                    boolean labelled) throws DataFileException {
        return loadWhole(data, label, imageSize, csv, textOptions(model, null, null), model, labelled);
    }

    /**
     * As {@link #loadWhole(String, String, ImageShape, CsvSettings, ModelBundle, boolean)}, reading a folder of texts
     * with {@code text} (see {@link #textOptions}).
     */
    public static Dataset loadWhole(String data, String label, ImageShape imageSize, CsvSettings csv, TextFolderOptions text,
                                    ModelBundle model, boolean labelled) throws DataFileException {
        DType dtype = model.network().dtype();
        Dataset loaded;
        Path path = Path.of(data.equalsIgnoreCase(FashionMnist.NAME) ? FashionMnist.DEFAULT_DIRECTORY.toString() : data);
        if (data.equalsIgnoreCase("digits")) {
            loaded = Digits.load(dtype);
        } else if (data.equalsIgnoreCase(FashionMnist.NAME) || isIdxDirectory(path)) {
            loaded = FashionMnist.test(path).to(dtype);
        } else if (Files.isDirectory(path)) {
            if (isImageFolder(path)) {
                loaded = ImageFolderReader.read(path, ImageFolderOptions.resize(imageSize), dtype);
            } else {
                if (model.vectorizer() == null) {
                    throw new IllegalArgumentException("Invalid data " + path + ": a folder of texts, but the model was not "
                            + "trained on text (it has no vectorizer)");
                }
                loaded = model.vectorizer().transform(TextFolderReader.read(path, text), dtype);
            }
        } else {
            requireCsvFile(path);
            CsvOptions options = CsvOptions.defaults().withDtype(dtype).withTask(model.network().loss().isClassification()
                    ? CsvOptions.Task.CLASSIFICATION : CsvOptions.Task.REGRESSION);
            options = csv.applyTo(options);
            if (!model.featureNames().isEmpty()) {
                options = options.withAllFeatureColumns().withFeatureColumns(model.featureNames());
            }
            options = labelled ? withLabel(options, label) : options.withLabel(CsvOptions.LabelColumn.none());
            loaded = CsvReader.read(path, options).dataset();
        }
        if (loaded.featureCount() != model.network().inputs()) {
            throw new IllegalArgumentException("Invalid data " + data + ": " + loaded.featureCount()
                    + " features per example, but the model takes " + model.network().inputs());
        }
        if (labelled && loaded.isClassification()) {
            Dataset reference = Dataset.classification("model", dev.plumb.tensor.Matrix.zeros(dtype, 1, 1), new int[] {0},
                    model.classNames());
            loaded = relabel(loaded, reference);
        }
        return loaded;
    }

    /**
     * How {@code plumb evaluate} and {@code plumb predict} read a folder of texts for {@code model}: the encoding and
     * undecodable-byte policy given (null: not given), else those the model's training documents were read with (kept
     * in its split manifest), else the run's defaults ({@link DataOptions#DEFAULT_TEXT}) for a model saved before Plumb
     * kept them. Reading new documents as the training documents were read keeps their words the same words.
     */
    public static TextFolderOptions textOptions(ModelBundle model, String encoding, String undecodable) {
        TextDecoding trained = model.split() == null ? null : model.split().textDecoding();
        Map<String, String> given = new HashMap<>();
        given.put(RunOption.ENCODING.key(), encoding != null ? encoding : trained != null ? trained.encoding() : null);
        given.put(RunOption.UNDECODABLE.key(), undecodable != null ? undecodable : trained != null ? trained.undecodable() : null);
        return DataOptions.textOptions(given);
    }

    // A path that is neither a directory nor a built-in name must be a CSV file.
    private static void requireCsvFile(Path path) throws DataFileException {
        if (!Files.exists(path)) {
            throw new DataFileException(path, "no such file or directory; pass a CSV file, a folder with one sub-folder "
                    + "per class, a directory of IDX files, or a built-in name: digits, fashion-mnist");
        }
        if (Files.isRegularFile(path) && startsLikeIdx(path)) {
            throw new DataFileException(path, "is one IDX file, not a CSV; pass the directory that holds the four IDX "
                    + "files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                    + "t10k-labels-idx1-ubyte.gz), e.g. --data " + (path.toAbsolutePath().getParent() == null ? "DIR"
                    : path.toAbsolutePath().getParent().toString()));
        }
    }

    // IDX files start with two zero bytes, a type code 0x08–0x0E and 1–4 dimensions (after gunzipping): no text does.
    private static boolean startsLikeIdx(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                byte[] head = in.readNBytes(4);
                return head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] >= 0x08 && head[2] <= 0x0E
                        && head[3] >= 1 && head[3] <= 4;
            }
        } catch (IOException e) { // unreadable or corrupt: the CSV reader reports it with the byte position
            return false;
        }
    }

    private static Loaded numeric(Dataset data, RunSpec spec, String description) {
        requireClassesWithExamples(data, spec);
        return new Loaded(spec.data().splitBy(spec.seed()).apply(data), null, description);
    }

    /**
     * A label with about one distinct value per row is a number to predict, not a class: as classes, a stratified
     * split could put none of them in dev or test, and training would go on without either, silently.
     */
    private static void requireClassesWithExamples(Dataset data, RunSpec spec) {
        if (!data.isClassification() || data.size() < 20) {
            return;
        }
        int classes = data.classCount();
        if (classes > Math.max(20, data.size() / 2)) {
            String label = spec.data().label().isBlank() ? "the last column" : "'" + spec.data().label() + "'";
            throw new IllegalArgumentException("Invalid label for " + spec.data().source() + ": " + label + " has " + classes
                    + " distinct values in " + data.size() + " rows, so as classes most would have one example and the "
                    + "split could leave dev and test empty. If it is a number to predict, pass --task regression; if it "
                    + "is a class, the data needs several rows per class");
        }
    }

    private static Loaded withOfficialTest(Dataset train, Dataset test, RunSpec spec, String description) {
        Split ratios = spec.data().splitBy(spec.seed());
        double devShare = ratios.dev() / (ratios.train() + ratios.dev());
        Split.Parts trainDev = new Split(1 - devShare, devShare, 0, ratios.seed(), ratios.stratify(), false).apply(train);
        return new Loaded(Split.ofSeparateSets(trainDev.train(), trainDev.dev(), test, ratios.dropLeaks()), null,
                description);
    }

    private static Loaded csvWithFiles(CsvData trainFile, CsvOptions options, RunSpec spec) throws DataFileException {
        DataOptions d = spec.data();
        Dataset train = trainFile.dataset();
        int dropped = trainFile.rowsDropped();
        Dataset test = null;
        if (d.testFile().isPresent()) {
            CsvData read = CsvReader.read(d.testFile().get(), options);
            test = relabel(read.dataset(), train);
            dropped += read.rowsDropped();
        }
        if (d.devFile().isEmpty()) {
            return withRowsDropped(withOfficialTest(train, test, spec, "CSV " + d.source() + " (dev split off it) and test file "
                    + d.testFile().get()), dropped);
        }
        CsvData devRead = CsvReader.read(d.devFile().get(), options);
        Dataset dev = relabel(devRead.dataset(), train);
        dropped += devRead.rowsDropped();
        if (test == null) {
            Split ratios = d.splitBy(spec.seed());
            double testShare = ratios.test() / (ratios.train() + ratios.test());
            Split.Parts trainTest = new Split(1 - testShare, 0, testShare, ratios.seed(), ratios.stratify(), false).apply(train);
            return withRowsDropped(new Loaded(Split.ofSeparateSets(trainTest.train(), dev, trainTest.test(), ratios.dropLeaks()),
                    null, "CSV " + d.source() + " (test split off it) and dev file " + d.devFile().get()), dropped);
        }
        return withRowsDropped(new Loaded(Split.ofSeparateSets(train, dev, test, d.dropLeaks()), null,
                "CSV files: train " + d.source() + ", dev " + d.devFile().get() + ", test " + d.testFile().get()), dropped);
    }

    /** Gives {@code other}'s examples the class indices of {@code reference} (each CSV file numbers its own labels). */
    static Dataset relabel(Dataset other, Dataset reference) {
        if (!other.isClassification()) {
            return other;
        }
        int[] labels = new int[other.size()];
        for (int i = 0; i < labels.length; i++) {
            String name = other.classNames().get(other.labels()[i]);
            int index = reference.classNames().indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("Invalid data " + other.name() + ": class '" + name + "' is not one of "
                        + "the known classes " + reference.classNames() + " (those of " + reference.name() + "); fix the "
                        + "label or drop those rows");
            }
            labels[i] = index;
        }
        return Dataset.classification(other.name(), other.features(), labels, reference.classNames(), other.featureNames(),
                other.imageShape());
    }

    private static Loaded text(TextFolderReader.Counted read, RunSpec spec, Path path, ModelBundle initial) {
        TextCorpus corpus = read.corpus();
        Split ratios = spec.data().splitBy(spec.seed());
        TextCorpus.Parts parts = corpus.split(ratios);
        VectorizerOptions options = VectorizerOptions.defaults().withMaxFeatures(spec.data().maxFeatures())
                .withWeighting(spec.data().weighting());
        if (initial != null && initial.vectorizer() == null) {
            throw new IllegalArgumentException("Invalid data " + path + " for init-from " + spec.model().initFrom()
                    .map(Path::toString).orElse("") + ": a folder of texts, but the model was not trained on text (it has "
                    + "no vectorizer to turn them into its features)");
        }
        TextVectorizer vectorizer = initial != null ? initial.vectorizer() : TextVectorizer.fit(parts.train().documents(), options);
        DType dtype = spec.precision();
        Split.Parts split = Split.ofSeparateSets(vectorizer.transform(parts.train(), dtype),
                vectorizer.transform(parts.dev(), dtype), vectorizer.transform(parts.test(), dtype), spec.data().dropLeaks());
        // the documents were split by the ratios, and only then became three data sets: say so, not "files"
        split = new Split.Parts(split.train(), split.dev(), split.test(), split.manifest().describedAs("ratios",
                ratios.seed(), List.of(ratios.train(), ratios.dev(), ratios.test()), ratios.stratify())
                .withTextDecoding(read.decoding()));
        return new Loaded(split, vectorizer, "texts from " + path + " (" + corpus.size() + " documents, vocabulary of "
                + vectorizer.featureCount() + (initial != null ? " from the model" : " fitted on the training split") + "); "
                + read.decoding().summary());
    }

    /** How {@code spec}'s CSV file is read: its label column, task, delimiter and missing-value rule, in {@code dtype}. */
    public static CsvOptions csvOptions(RunSpec spec, DType dtype) {
        CsvOptions options = CsvOptions.defaults().withDtype(dtype).withTask(spec.data().isClassification()
                ? CsvOptions.Task.CLASSIFICATION : CsvOptions.Task.REGRESSION);
        return spec.data().csv().applyTo(withLabel(options, spec.data().label()));
    }

    // A label column by 0-based index when the text is all digits, else by name; "" keeps the default (the last column).
    private static CsvOptions withLabel(CsvOptions options, String label) {
        if (label.isEmpty()) {
            return options;
        }
        return label.chars().allMatch(Character::isDigit) ? options.withLabelIndex(Integer.parseInt(label)) : options.withLabel(label);
    }

    private static boolean isIdxDirectory(Path path) {
        return Files.isRegularFile(path.resolve("train-images-idx3-ubyte.gz"))
                || Files.isRegularFile(path.resolve("train-images-idx3-ubyte"));
    }

    private static final List<String> IMAGE_SUFFIXES = Arrays.asList(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    // A folder of class folders holds images when its first regular file has an image suffix.
    private static boolean isImageFolder(Path root) throws DataFileException {
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getParent().equals(root)).findFirst()
                    .map(f -> IMAGE_SUFFIXES.stream().anyMatch(s -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
                    .orElse(false);
        } catch (IOException e) {
            throw new DataFileException(root, "cannot list the folder: " + e.getMessage(), e);
        }
    }
}
