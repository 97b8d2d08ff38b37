package dev.plumb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.plumb.workflow.TrainingRun;

/** Writes a run directory: config.yaml, run.json, history.csv, model/ and report.html. */
final class RunDirectory {

    static final String CONFIG_FILE = "config.yaml";
    static final String REPORT_FILE = "report.html";

    private RunDirectory() {
    }

    static void write(Path dir, TrainingRun.Outcome outcome) throws IOException {
        Files.createDirectories(dir);
        writeText(dir.resolve(CONFIG_FILE), ConfigFile.write(outcome.spec().toOptions()));
        TrainingRun.save(outcome, dir);
        writeText(dir.resolve(REPORT_FILE), Reports.render(outcome.result().record(), outcome.analysis()));
    }

    static void writeText(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
