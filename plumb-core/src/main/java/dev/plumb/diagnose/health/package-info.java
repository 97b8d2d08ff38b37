/**
 * Diagnostics of vanishing and exploding gradients (in a deep network activations and gradients are multiplied
 * by a factor per layer, so they shrink or grow geometrically with depth unless the weights' variance fits the
 * activation — He 2/n for ReLU, LeCun/Xavier 1/n for tanh): {@link dev.plumb.diagnose.health.GradientHealth}
 * records per-layer activation and gradient statistics while a network trains and warns when they shrink or grow
 * geometrically with depth; {@link dev.plumb.diagnose.health.InitializationAudit} checks a network at initialization
 * (activation variance per layer, and the initializer that fits each activation).
 */
package dev.plumb.diagnose.health;
