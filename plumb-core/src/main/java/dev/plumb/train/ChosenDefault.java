package dev.plumb.train;

import java.util.Objects;

/**
 * An option left at {@code auto} and the value the run chose for it from its data, with the reason in words: what the
 * run record, the report and {@code plumb train} show, e.g. {@code epochs = 667} because "about 2,000 optimizer
 * steps at 3 batches of 32 per epoch".
 *
 * @param option the option's key, e.g. {@code epochs}
 * @param value  the value chosen, as the option's text ({@code 667}, {@code none}, {@code patience=67,…})
 * @param reason why, from the data
 */
public record ChosenDefault(String option, String value, String reason) {

    public ChosenDefault {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line: {@code epochs: auto → 667 (about 2,000 optimizer steps …)}. */
    public String format() {
        return option + ": auto → " + value + " (" + reason + ")";
    }
}
