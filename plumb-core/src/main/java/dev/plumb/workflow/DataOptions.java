package dev.plumb.workflow;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.data.ImageShape;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.tensor.Checks;

/**
 * What to train on and how to prepare it: the data source, how to read it, how to split it and how to normalize
 * it (fitted on the training split only). Typed and validated; {@link RunSpec} parses it from text.
 *
 * @param source      {@code digits}, {@code fashion-mnist}, a CSV file, a directory of IDX files, or a folder with one
 *                    sub-folder per class (images or texts); a path is kept absolute and normalized, so that a
 *                    run's config.yaml repeats it from any working directory
 * @param label       CSV label column, by name or 0-based index; "" for the last column
 * @param task        classification or regression
 * @param csv         CSV files: the delimiter, the feature columns and what a missing value does
 * @param imageSize   image folders: the shape images are resized to
 * @param devFile     a separate dev set (CSV), instead of splitting one off (absolute, normalized)
 * @param testFile    a separate test set (CSV), instead of splitting one off (absolute, normalized)
 * @param split       train/dev/test ratios
 * @param stratify    keep class proportions in every part (classification only)
 * @param dropLeaks   remove dev/test examples that duplicate a training example
 * @param normalize   how to scale inputs, fitted on the training split only; auto: none for text features, else
 *                    standard ({@link DataDrivenDefaults#normalize})
 * @param maxFeatures text folders: vocabulary size cap ({@link VectorizerOptions#UNLIMITED} for {@code all})
 * @param weighting   text folders: term weighting
 * @param text        text folders: the files' encoding and what an undecodable byte does (options {@code encoding},
 *                    {@code undecodable}; by default UTF-8, bad bytes replaced and counted in the split manifest)
 */
public record DataOptions(String source, String label, Task task, CsvSettings csv, ImageShape imageSize, Optional<Path> devFile,
                          Optional<Path> testFile, Ratios split, boolean stratify, boolean dropLeaks,
                          AutoOr<Normalizer.Kind> normalize, int maxFeatures, VectorizerOptions.Weighting weighting,
                          TextFolderOptions text) {

    /**
     * How a run reads text folders unless told otherwise: UTF-8, and a byte that is not UTF-8 read as U+FFFD rather
     * than failing the run, since real mail comes in many encodings and the run record counts what was replaced.
     */
    public static final TextFolderOptions DEFAULT_TEXT = TextFolderOptions.defaults()
            .withMalformedInput(TextFolderOptions.MalformedInput.REPLACE);

    /** What the network predicts. */
    public enum Task {
        CLASSIFICATION, REGRESSION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Task parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "classification" -> CLASSIFICATION;
                case "regression" -> REGRESSION;
                default -> throw Options.invalid(RunOption.TASK, text, "classification or regression");
            };
        }
    }

    /** Train/dev/test fractions, each in [0, 1], summing to 1 (validated as {@link Split} does). */
    public record Ratios(double train, double dev, double test) {
        public Ratios {
            try {
                new Split(train, dev, test, 0, false); // validates the fractions
            } catch (IllegalArgumentException e) { // Split names its own argument ("test"), which is another option here
                throw new IllegalArgumentException("Invalid value for option split: " + train + "," + dev + "," + test
                        + ". Expected three fractions train,dev,test in [0, 1] that sum to 1, e.g. 0.6,0.2,0.2 ("
                        + e.getMessage() + ")", e);
            }
        }

        /** The split by these ratios with {@code seed}. */
        public Split split(long seed, boolean stratify, boolean dropLeaks) {
            return new Split(train, dev, test, seed, stratify, dropLeaks);
        }
    }

    public DataOptions {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("Missing option data: say what to train on, e.g. --data digits, "
                    + "--data fashion-mnist, --data train.csv --label species, or a folder of images or texts.");
        }
        source = isBuiltIn(source) ? source : absolute(RunOption.DATA, source).toString();
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(imageSize, "imageSize");
        devFile = Objects.requireNonNull(devFile, "devFile").map(p -> absolute(RunOption.DEV, p.toString()));
        testFile = Objects.requireNonNull(testFile, "testFile").map(p -> absolute(RunOption.TEST, p.toString()));
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(normalize, "normalize");
        Objects.requireNonNull(weighting, "weighting");
        Checks.positive("max-features", maxFeatures);
        Objects.requireNonNull(text, "text");
    }

    /** Text folders read as {@link #DEFAULT_TEXT}. */
    public DataOptions(String source, String label, Task task, CsvSettings csv, ImageShape imageSize, Optional<Path> devFile,
                       Optional<Path> testFile, Ratios split, boolean stratify, boolean dropLeaks,
                       AutoOr<Normalizer.Kind> normalize, int maxFeatures, VectorizerOptions.Weighting weighting) {
        this(source, label, task, csv, imageSize, devFile, testFile, split, stratify, dropLeaks, normalize, maxFeatures,
                weighting, DEFAULT_TEXT);
    }

    /** Exactly {@code normalize} (not auto). */
    public DataOptions(String source, String label, Task task, CsvSettings csv, ImageShape imageSize, Optional<Path> devFile,
                       Optional<Path> testFile, Ratios split, boolean stratify, boolean dropLeaks, Normalizer.Kind normalize,
                       int maxFeatures, VectorizerOptions.Weighting weighting) {
        this(source, label, task, csv, imageSize, devFile, testFile, split, stratify, dropLeaks, AutoOr.of(normalize),
                maxFeatures, weighting, DEFAULT_TEXT);
    }

    /** These options with {@code kind} as the normalizer (what {@code auto} resolves to). */
    public DataOptions withNormalize(Normalizer.Kind kind) {
        return new DataOptions(source, label, task, csv, imageSize, devFile, testFile, split, stratify, dropLeaks,
                AutoOr.of(kind), maxFeatures, weighting, text);
    }

    /** The data options of {@code source} with every default. */
    public static DataOptions of(String source) {
        return RunSpec.parse(Map.of(RunOption.DATA.key(), source)).data();
    }

    public boolean isClassification() {
        return task == Task.CLASSIFICATION;
    }

    /** The split by ratios, seeded, stratified for classification (dev/test files, when given, replace it). */
    public Split splitBy(long seed) {
        return split.split(seed, stratify && isClassification(), dropLeaks);
    }

    static DataOptions parse(Options o) {
        return new DataOptions(o.text(RunOption.DATA), o.text(RunOption.LABEL), o.parsed(RunOption.TASK, Task::parse),
                CsvSettings.parse(o), o.parsed(RunOption.IMAGE_SIZE, DataOptions::imageShape), optionalPath(o.text(RunOption.DEV)),
                optionalPath(o.text(RunOption.TEST)), ratios(o), o.bool(RunOption.STRATIFY), o.bool(RunOption.DROP_LEAKS),
                o.automatic(RunOption.NORMALIZE, option -> o.parsed(option, Normalizer.Kind::parse)), maxFeatures(o),
                o.parsed(RunOption.WEIGHTING, DataOptions::weighting), textOptions(o));
    }

    static TextFolderOptions textOptions(Options o) {
        return DEFAULT_TEXT.withCharset(o.parsed(RunOption.ENCODING, TextFolderOptions::charset))
                .withMalformedInput(o.parsed(RunOption.UNDECODABLE, DataOptions::undecodable));
    }

    /**
     * Text-folder reading options from the keys {@code encoding} and {@code undecodable} (missing ones take the
     * run's defaults): for commands that read documents without training.
     */
    public static TextFolderOptions textOptions(Map<String, String> given) {
        return textOptions(new Options(given));
    }

    /** The policy an {@code undecodable} word names: replace or fail. */
    static TextFolderOptions.MalformedInput undecodable(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "replace" -> TextFolderOptions.MalformedInput.REPLACE;
            case "fail" -> TextFolderOptions.MalformedInput.FAIL;
            default -> throw Options.invalid(RunOption.UNDECODABLE, text, "replace (read a byte sequence that is not in the "
                    + "encoding as U+FFFD and count it) or fail (stop at the first, naming the file and the byte)");
        };
    }

    void writeTo(Map<RunOption, String> out) {
        out.put(RunOption.DATA, source);
        out.put(RunOption.LABEL, label);
        out.put(RunOption.TASK, task.id());
        csv.writeTo(out);
        out.put(RunOption.IMAGE_SIZE, imageSize.toString());
        out.put(RunOption.DEV, devFile.map(Path::toString).orElse(""));
        out.put(RunOption.TEST, testFile.map(Path::toString).orElse(""));
        out.put(RunOption.SPLIT, split.train() + "," + split.dev() + "," + split.test());
        out.put(RunOption.STRATIFY, String.valueOf(stratify));
        out.put(RunOption.DROP_LEAKS, String.valueOf(dropLeaks));
        out.put(RunOption.NORMALIZE, normalize.text(kind -> kind.name().toLowerCase(Locale.ROOT)));
        out.put(RunOption.MAX_FEATURES, maxFeatures == VectorizerOptions.UNLIMITED ? ALL_TERMS : String.valueOf(maxFeatures));
        out.put(RunOption.WEIGHTING, weighting.name().toLowerCase(Locale.ROOT));
        out.put(RunOption.ENCODING, text.charset().name());
        out.put(RunOption.UNDECODABLE, text.malformedInput().word());
    }

    /** {@code max-features all}: every term of the training documents (text rows are sparse, so that is affordable). */
    static final String ALL_TERMS = "all";

    private static int maxFeatures(Options o) {
        String value = o.text(RunOption.MAX_FEATURES).trim();
        if (ALL_TERMS.equalsIgnoreCase(value)) {
            return VectorizerOptions.UNLIMITED;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Options.invalid(RunOption.MAX_FEATURES, value, "an integer, or 'all' for every term");
        }
    }

    private static Ratios ratios(Options o) {
        var r = o.numbers(RunOption.SPLIT, "0.6,0.2,0.2");
        if (r.size() != 3) {
            throw Options.invalid(RunOption.SPLIT, o.text(RunOption.SPLIT), "three fractions train,dev,test, e.g. 0.6,0.2,0.2");
        }
        return new Ratios(r.get(0), r.get(1), r.get(2));
    }

    private static ImageShape imageShape(String text) {
        try {
            return ImageShape.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value for option image-size: " + e.getMessage(), e);
        }
    }

    private static VectorizerOptions.Weighting weighting(String text) {
        try {
            return VectorizerOptions.Weighting.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Options.invalid(RunOption.WEIGHTING, text, "tfidf, count or binary");
        }
    }

    /** Whether {@code source} names a data set Plumb knows by name rather than a path. */
    static boolean isBuiltIn(String source) {
        return source.equalsIgnoreCase("digits") || source.equalsIgnoreCase(FashionMnist.NAME);
    }

    private static Path absolute(RunOption option, String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw Options.invalid(option, path, "a path to a file or folder (" + e.getReason() + ")");
        }
    }

    private static Optional<Path> optionalPath(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
