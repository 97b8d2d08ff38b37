package dev.plumb.diagnose.health;

import java.util.Objects;

/**
 * One dense layer at the end of one epoch, measured on {@link GradientHealth}'s probe batch in eval mode.
 * Statistics are pooled over all {@code examples × units} entries.
 *
 * @param epoch                     1-based epoch (0 for a snapshot outside training)
 * @param layer                     1-based index among the layers with parameters: layer l owns W{@code l}, b{@code l}
 * @param description               the layer's {@code describe()}, e.g. "Dense(64 → 64, tanh)"
 * @param activation                the activation id, e.g. "tanh"
 * @param units                     the layer's width
 * @param activationMean            mean of A = g(Z)
 * @param activationStd             population standard deviation of A
 * @param saturatedFraction         fraction of A's entries within the margin of an asymptote (tanh:
 *                                  |a| &gt; 1 − margin; sigmoid: a &lt; margin or a &gt; 1 − margin); 0 for
 *                                  activations that do not saturate
 * @param deadFraction              fraction of a ReLU layer's units whose output is 0 for every probe
 *                                  example; 0 for other activations
 * @param weightGradientNorm        ‖dW‖ (Frobenius) of the mean data loss on the probe batch, without the
 *                                  weight penalty's term
 * @param biasGradientNorm          ‖db‖ (Frobenius), likewise
 * @param preActivationGradientNorm ‖dZ‖ (Frobenius), dZ = ∂J/∂Z: the error backprop carries into this layer
 */
public record LayerHealth(int epoch, int layer, String description, String activation, int units,
                          double activationMean, double activationStd, double saturatedFraction, double deadFraction,
                          double weightGradientNorm, double biasGradientNorm, double preActivationGradientNorm) {

    public LayerHealth {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(activation, "activation");
        if (epoch < 0 || layer < 1 || units < 1) {
            throw new IllegalArgumentException("Invalid layer health: epoch " + epoch + ", layer " + layer + ", units "
                    + units + ". Expected epoch >= 0, layer >= 1, units >= 1.");
        }
        if (!(saturatedFraction >= 0 && saturatedFraction <= 1) || !(deadFraction >= 0 && deadFraction <= 1)) {
            throw new IllegalArgumentException("Invalid layer health for layer " + layer + ": saturatedFraction "
                    + saturatedFraction + ", deadFraction " + deadFraction + ". Expected fractions in [0, 1].");
        }
    }

    /** "layer 3 (Dense(64 → 64, tanh))", how warnings name a layer. */
    public String name() {
        return "layer " + layer + " (" + description + ")";
    }

    static LayerHealth of(int epoch, LayerHealthProbe.Measurement m) {
        return new LayerHealth(epoch, m.layer(), m.dense().describe(), m.dense().activation().id(), m.dense().units(),
                m.aMean(), Math.sqrt(m.aVariance()), m.saturatedFraction(), m.deadFraction(), m.weightGradientNorm(),
                m.biasGradientNorm(), m.preActivationGradientNorm());
    }
}
