package dev.plumb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.plumb.cli.report.HtmlReport;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code plumb report RUN_DIR}: (re)writes a run directory's report.html from its run.json and analysis.json. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Write report.html for a run directory from its run record (run.json and analysis.json).",
                "", "Example:", "  plumb report runs/digits-20261129-101500", ""})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by plumb train or plumb demo.")
    Path runDirectory;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunDirectory dir = new RunDirectory(runDirectory);
        RunRecord record = dir.readRecord();
        dir.writeReport(HtmlReport.render(record, dir.readAnalysis().orElse(null)));
        spec.commandLine().getOut().println("report: " + dir.report());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
