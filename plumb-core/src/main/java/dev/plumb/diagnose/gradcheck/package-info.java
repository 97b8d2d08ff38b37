/**
 * Diagnostics that look inside training: gradient checking, i.e. backprop's gradient compared with two-sided
 * finite differences of the cost J, relative error below 1e-7 correct, below 1e-5 fine, below 1e-3 suspicious,
 * from 1e-3 on wrong.
 *
 * <p>{@link dev.plumb.diagnose.gradcheck.NumericalGradient} gives two-sided and one-sided finite differences of any
 * {@link dev.plumb.diagnose.gradcheck.ScalarFunction}. {@link dev.plumb.diagnose.gradcheck.GradientCheck} compares backprop's
 * gradient of a {@link dev.plumb.nn.Network}, or of a single {@link dev.plumb.nn.Layer} (yours included, its
 * input gradient dX too), with the two-sided differences of J, in float64 on a copy, with dropout off and the
 * regularization term in J, and returns a {@link dev.plumb.diagnose.gradcheck.GradientCheckReport}: per-tensor relative
 * errors and verdicts, the worst coordinates, notes, and a one-line {@link dev.plumb.diagnose.gradcheck.Diagnosis}.
 *
 * <pre>{@code
 * GradientCheckReport report = new GradientCheck(GradientCheckConfig.defaults().withSampleSize(20))
 *         .check(network, xBatch, yBatch);
 * if (!report.passed()) {
 *     System.out.println(report.format()); // e.g. "b2 fails while W2 passes: the bias gradient of layer 2 … is wrong"
 * }
 * }</pre>
 *
 * <p>A debugging tool, never part of training: it costs four forward passes per checked coordinate
 * (two-sided differences at ε and at 100ε).
 */
package dev.plumb.diagnose.gradcheck;
