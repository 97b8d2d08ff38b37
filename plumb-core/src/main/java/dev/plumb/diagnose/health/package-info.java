/**
 * Diagnostics of vanishing and exploding gradients, the note's §3.5–3.6: {@link dev.plumb.diagnose.health.GradientHealth}
 * records per-layer activation and gradient statistics while a network trains and warns when they shrink or grow
 * geometrically with depth; {@link dev.plumb.diagnose.health.InitializationAudit} checks a network at initialization
 * (activation variance per layer, and the initializer that fits each activation).
 */
package dev.plumb.diagnose.health;
