package dev.plumb.cli.report;

import dev.plumb.workflow.RunAnalysis;

/** Gradient and activation health per layer: gradient norms by depth, saturation, dead units, vanishing/exploding flags. */
final class HealthSection implements Section {

    @SuppressWarnings("unused")
    private final RunAnalysis analysis;

    HealthSection(RunAnalysis analysis) {
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "gradient-health";
    }

    @Override
    public String title() {
        return "Gradient and activation health";
    }

    @Override
    public String body() {
        return Html.absent("Not computed for this run: per-layer gradient and activation statistics were not recorded.");
    }
}
