package dev.plumb.cli;

import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunAnalysis;

/** The HTML report of a run: a pure rendering of its run record. */
final class Reports {

    private Reports() {
    }

    static String render(RunRecord record, RunAnalysis analysis) {
        return dev.plumb.cli.report.HtmlReport.render(record, analysis);
    }
}
