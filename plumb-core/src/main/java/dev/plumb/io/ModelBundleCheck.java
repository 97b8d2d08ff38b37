package dev.plumb.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.data.Normalizer;
import dev.plumb.data.TextVectorizer;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Checks the parts of a model bundle against each other — the architecture against the tensors' names, shapes
 * and values, the class names against the outputs, the normalizer, vectorizer and feature names against the
 * inputs — and collects every problem rather than stopping at the first, so that one error lists all that is
 * wrong with a model directory. {@link ModelBundle#load} runs every check on what it read; the
 * {@link ModelBundle} constructor runs those on the parts (not the weights' values: a diverged network may be
 * saved, for a post-mortem, though it cannot be loaded for predictions).
 */
final class ModelBundleCheck {

    /** One problem, in the file it is about ({@link ModelBundle#CONFIG_FILE} or {@link ModelBundle#WEIGHTS_FILE}). */
    record Problem(String file, String text, String fix) {
    }

    private static final String MISMATCH = "the two files do not belong together — save the model again, or copy"
            + " both files from the same model directory";
    private static final String EDITED = "save the model again from its run, or correct " + ModelBundle.CONFIG_FILE;
    private static final String DIVERGED = "a network with such a weight predicts NaN: its training diverged, or the"
            + " file was damaged — train it again (a lower --lr helps a diverging run)";

    private final NetworkSpec spec;
    private final List<Problem> problems = new ArrayList<>();

    ModelBundleCheck(NetworkSpec spec) {
        this.spec = spec;
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    private void config(String text) {
        problems.add(new Problem(ModelBundle.CONFIG_FILE, text, EDITED));
    }

    private void weights(String text, String fix) {
        problems.add(new Problem(ModelBundle.WEIGHTS_FILE, text, fix));
    }

    // ---- weights ------------------------------------------------------------------------------

    /** The stored tensors against the architecture's parameters, and their values (all finite). */
    void tensors(DType dtype, Map<String, Matrix> tensors) {
        Map<String, int[]> expected = spec.parameterShapes();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            String name = e.getKey();
            Matrix stored = tensors.get(name);
            int[] shape = e.getValue();
            if (stored == null) {
                weights("has no tensor '" + name + "' but the architecture in " + ModelBundle.CONFIG_FILE
                        + " needs one of " + shape[0] + "x" + shape[1], MISMATCH);
                continue;
            }
            if (stored.dtype() != dtype) {
                weights("tensor '" + name + "' is " + stored.dtype() + " but " + ModelBundle.CONFIG_FILE
                        + " says the model is " + dtype, MISMATCH);
            }
            if (stored.rows() != shape[0] || stored.cols() != shape[1]) {
                weights("tensor '" + name + "' is " + stored.shapeString() + " but the architecture in "
                        + ModelBundle.CONFIG_FILE + " needs " + shape[0] + "x" + shape[1], MISMATCH);
            }
            nonFinite(name, stored);
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                weights("holds tensor '" + SafeTensorsHeader.shorten(name) + "', which the architecture in "
                        + ModelBundle.CONFIG_FILE + " does not have (it has " + expected.keySet() + ")", MISMATCH);
            }
        }
    }

    private void nonFinite(String name, Matrix tensor) {
        int first = tensor.firstNonFinite();
        if (first < 0) {
            return;
        }
        int count = 0;
        for (int i = first; i < tensor.size(); i++) {
            count += Double.isFinite(tensor.get(i)) ? 0 : 1;
        }
        weights("tensor '" + name + "' has " + count + " non-finite " + (count == 1 ? "value" : "values")
                + " (NaN or infinite) of " + tensor.size() + "; the first, " + tensor.get(first) + ", is at row "
                + first / tensor.cols() + ", column " + first % tensor.cols(), DIVERGED);
    }

    // ---- model.json ----------------------------------------------------------------------------

    /** Classifiers name each output (Network.classes maps outputs to classes); regression models name none. */
    void classNames(List<String> classNames) {
        boolean classifier = spec.loss().isClassification();
        int outputs = spec.outputs();
        if (classifier && classNames.size() != outputs) {
            config("classNames lists " + classNames.size() + (classNames.size() == 1 ? " name" : " names")
                    + " but the network is a classifier with " + outputs + " outputs, one per class; it needs "
                    + outputs + " names, in the order of the outputs");
        }
        if (!classifier && !classNames.isEmpty()) {
            config("classNames lists " + classNames.size() + (classNames.size() == 1 ? " name" : " names")
                    + " but the network is a regression model (loss " + spec.loss().id() + "), which predicts"
                    + " values, not classes; it has no class names");
        }
        names("classNames", "class", classNames);
    }

    /** Feature names, when present, name each input once. */
    void featureNames(List<String> featureNames) {
        if (!featureNames.isEmpty() && featureNames.size() != spec.inputs()) {
            config("featureNames lists " + featureNames.size() + " names but the network takes " + spec.inputs()
                    + " inputs; it needs one name per input, in input order");
        }
        names("featureNames", "input", featureNames);
    }

    private void names(String field, String what, List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                config(field + "[" + i + "] is " + (name == null ? "null" : "empty") + "; every " + what
                        + " needs a name");
                continue;
            }
            Integer earlier = seen.putIfAbsent(name, i);
            if (earlier != null) {
                config(field + " has '" + SafeTensorsHeader.shorten(name) + "' twice (at " + earlier + " and " + i
                        + "); every " + what + " needs a name of its own, or two would be taken for one");
            }
        }
    }

    /** The normalizer's statistics: present, finite, one per input; null if there is a problem. */
    Normalizer normalizer(Normalizer.State state) {
        if (state == null) {
            return null;
        }
        if (state.first() == null || state.second() == null) {
            config("the normalizer has no statistics (\"first\" and \"second\")");
            return null;
        }
        boolean standard = "standard".equals(state.kind());
        int before = problems.size();
        String effect = "inputs normalized with it would be NaN or meaningless";
        finite(standard ? "the normalizer's mean (μ)" : "the normalizer's min", "feature", state.first(), null, effect);
        finite(standard ? "the normalizer's standard deviation (σ)" : "the normalizer's max", "feature",
                state.second(), null, effect);
        if (problems.size() > before) {
            return null;
        }
        Normalizer normalizer;
        try {
            normalizer = Normalizer.of(state);
        } catch (IllegalArgumentException e) {
            config("invalid normalizer: " + e.getMessage());
            return null;
        }
        if (normalizer.featureCount() != spec.inputs()) {
            config("the normalizer holds statistics of " + normalizer.featureCount() + " features but the network"
                    + " takes " + spec.inputs() + " inputs; they do not belong together");
            return null;
        }
        return normalizer;
    }

    /** A text model's vectorizer: finite idf values, a consistent state, one feature per input; null if not. */
    TextVectorizer vectorizer(TextVectorizer.State state) {
        if (state == null) {
            return null;
        }
        if (finite("the vectorizer's idf", "term", state.idf(), state.vocabulary(),
                "documents holding the term would become NaN or infinite features")) {
            return null;
        }
        TextVectorizer vectorizer;
        try {
            vectorizer = TextVectorizer.of(state);
        } catch (IllegalArgumentException | NullPointerException e) {
            config("invalid text vectorizer: " + e.getMessage());
            return null;
        }
        if (vectorizer.featureCount() != spec.inputs()) {
            config("the text vectorizer makes " + vectorizer.featureCount() + " features but the network takes "
                    + spec.inputs() + " inputs; they do not belong together");
            return null;
        }
        return vectorizer;
    }

    /** Reports the non-finite values of {@code values} (count, and the first with its index); true if any. */
    private boolean finite(String what, String element, double[] values, List<String> names, String effect) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                first = first < 0 ? i : first;
                count++;
            }
        }
        if (count == 0) {
            return false;
        }
        String name = names != null && first < names.size() ? " ('" + SafeTensorsHeader.shorten(names.get(first)) + "')" : "";
        config(what + " has " + count + " non-finite " + (count == 1 ? "value" : "values") + " (NaN or infinite)"
                + " of " + values.length + "; the first, " + values[first] + ", is that of " + element + " " + first
                + name + "; " + effect);
        return true;
    }

    /** The problems as one exception: one line each, naming the file (or the directory, when they span both). */
    ModelFileException exception(Path directory) {
        List<String> files = problems.stream().map(Problem::file).distinct().toList();
        Path file = files.size() == 1 ? directory.resolve(files.get(0)) : directory;
        if (problems.size() == 1) {
            return new ModelFileException(file, problems.get(0).text() + "; " + problems.get(0).fix());
        }
        StringBuilder text = new StringBuilder(problems.size() + " problems; the model cannot be used until each is"
                + " fixed:");
        for (Problem p : problems) {
            text.append("\n  ").append(files.size() == 1 ? "" : p.file() + ": ").append(p.text()).append("; ").append(p.fix());
        }
        return new ModelFileException(file, text.toString());
    }

    /** The problems as one message, for an IllegalArgumentException of the ModelBundle constructor. */
    String message() {
        StringBuilder text = new StringBuilder("Invalid model bundle:");
        for (Problem p : problems) {
            text.append(problems.size() == 1 ? " " : "\n  ").append(p.text());
        }
        return text.toString();
    }
}
