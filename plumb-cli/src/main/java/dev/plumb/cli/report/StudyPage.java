package dev.plumb.cli.report;

import java.util.Map;

import dev.plumb.train.RunRecord;
import dev.plumb.tune.StudyRecord;

/** study.html: one self-contained page about a tune study. */
public final class StudyPage {

    private StudyPage() {
    }

    /**
     * The page of {@code study}; {@code trialRecords} holds the run records of the trials whose run directories could
     * be read (at least the chosen one's), by trial number.
     */
    public static String render(StudyRecord study, Map<Integer, RunRecord> trialRecords) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Plumb study</title></head><body><h1>Study</h1><p>"
                + study.trials().size() + " trials</p></body></html>";
    }
}
