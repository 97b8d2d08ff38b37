package dev.plumb.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.plumb.train.RunRecord;
import dev.plumb.workflow.Experiment;
import dev.plumb.workflow.RunAnalysis;
import dev.plumb.workflow.TrainingRun;
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

    @CommandLine.Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path runFile = runDirectory.resolve(Experiment.RUN_FILE);
        RunRecord record;
        try {
            record = RunRecord.read(runFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(runFile + ": no run record here; pass a directory written by plumb train");
        }
        RunAnalysis analysis = Files.exists(runDirectory.resolve(TrainingRun.ANALYSIS_FILE))
                ? TrainingRun.readAnalysis(runDirectory) : null;
        Path report = runDirectory.resolve(RunDirectory.REPORT_FILE);
        RunDirectory.writeText(report, Reports.render(record, analysis));
        spec.commandLine().getOut().println("report: " + report);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
