package dev.plumb.cli;

import dev.plumb.cli.report.HtmlReport;
import dev.plumb.io.ModelFileException;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunResult;

/** Writes a run directory and renders its report from the records it holds. */
final class RunReport {

    private RunReport() {
    }

    static void write(RunDirectory dir, RunResult result) throws ModelFileException {
        dir.write(result);
        dir.writeReport(HtmlReport.render(result.record(), result.analysis()));
    }
}
