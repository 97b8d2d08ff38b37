package dev.plumb.lab;

import dev.plumb.data.io.DataFileException;

/**
 * One claim of the note, made to happen on data: the experiment runs what the claim is about, keeps every number it
 * measured, and judges the claim from those numbers — never from prose written in advance. {@code plumb lab NAME} runs
 * one; {@link Lab#experiments()} lists them in the note's order.
 */
public interface Experiment {

    /** The name on the command line, e.g. {@code l2}. */
    String name();

    /** The claim, in one sentence. */
    String claim();

    /**
     * Runs the experiment. Must finish in under a minute on two cores with the default settings (the bundled digits or
     * generated data), and take the user's data where {@link LabSettings#data()} names it.
     *
     * @throws DataFileException when the data named cannot be read
     */
    LabResult run(LabSettings settings) throws DataFileException;
}
