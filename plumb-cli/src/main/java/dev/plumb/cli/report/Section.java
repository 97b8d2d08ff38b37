package dev.plumb.cli.report;

import dev.plumb.train.RunRecord;

/** One section of the report: an element with a stable id, a heading and its content. */
interface Section {

    /** The element id, stable across versions so that links and tests can find the section. */
    String id();

    /** The heading. */
    String title();

    /** The content, after the heading: markup in which every string from the record is escaped. */
    String body();

    /**
     * What the epoch whose weights the network kept is called: the "best epoch" when early stopping chose it, else the
     * "final epoch" (the last one run; a diverged run's last finished one) — not a best, since nothing compared them.
     */
    static String keptEpoch(RunRecord record) {
        return record.training().earlyStopping() != null ? "best epoch" : "final epoch";
    }

    /** Whether the record measures a classifier (errors are misclassification rates) rather than a regressor (MSE). */
    static boolean classification(RunRecord record) {
        if (record.setup().network() != null) {
            return record.setup().network().loss().isClassification();
        }
        return record.setup().split() == null || !record.setup().split().classNames().isEmpty();
    }
}
