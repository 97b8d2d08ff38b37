package dev.plumb.workflow;

import java.util.Locale;
import java.util.Optional;

/**
 * Every option of a training run, with its default: the one table that the command line's flags
 * ({@code --keep-prob}), configuration files ({@code keep-prob: 0.8}), {@link RunSpec#parse} and
 * {@link RunSpec#toOptions} share. The key is the flag without its dashes; an empty default means "none"
 * (the option is optional and has no value unless given). {@code auto} means "chosen from the data when it is
 * prepared": {@link DataDrivenDefaults} says which value and why.
 */
public enum RunOption {
    DATA("data", ""),
    LABEL("label", ""),
    TASK("task", "classification"),
    DELIMITER("delimiter", ","),
    COLUMNS("columns", ""),
    DROP_COLUMNS("drop-columns", ""),
    ALLOW_MISSING("allow-missing", "false"),
    IMAGE_SIZE("image-size", "28x28x1"),
    DEV("dev", ""),
    TEST("test", ""),
    SPLIT("split", "0.6,0.2,0.2"),
    STRATIFY("stratify", "true"),
    DROP_LEAKS("drop-leaks", "false"),
    SEED("seed", "42"),
    INIT_FROM("init-from", ""),
    LAYERS("layers", "64"),
    ACTIVATION("activation", "relu"),
    INIT("init", "auto"),
    LOSS("loss", "auto"),
    L2("l2", "0.0"),
    L1("l1", "0.0"),
    KEEP_PROB("keep-prob", "1.0"),
    OPTIMIZER("optimizer", "adam"),
    LR("lr", "0.001"),
    EPOCHS("epochs", "auto"),
    BATCH("batch", "32"),
    SCHEDULE("schedule", "constant"),
    EARLY_STOPPING("early-stopping", "auto"),
    NORMALIZE("normalize", "auto"),
    AUGMENT("augment", "none"),
    ON_DIVERGENCE("on-divergence", "stop"),
    BAYES_ERROR("bayes-error", "0.0"),
    DTYPE("dtype", "float32"),
    MAX_FEATURES("max-features", "5000"),
    WEIGHTING("weighting", "tfidf"),
    ENCODING("encoding", "UTF-8"),
    UNDECODABLE("undecodable", "replace");

    private final String key;
    private final String defaultValue;

    RunOption(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The flag without its dashes, and the configuration-file key: {@code keep-prob}. */
    public String key() {
        return key;
    }

    /** The default as text; "" when the option has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The option a key names: {@code keep-prob}, {@code keep_prob} or {@code KEEP-PROB} all name {@link #KEEP_PROB}. */
    public static Optional<RunOption> of(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RunOption option : values()) {
            if (option.key.equals(k)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
