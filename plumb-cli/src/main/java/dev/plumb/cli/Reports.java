package dev.plumb.cli;

import dev.plumb.train.RunRecord;

/** The HTML report of a run: a pure rendering of its run record. */
final class Reports {

    private Reports() {
    }

    static String render(RunRecord record) {
        return dev.plumb.cli.report.HtmlReport.render(record);
    }
}
