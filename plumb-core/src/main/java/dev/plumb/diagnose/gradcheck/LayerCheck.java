package dev.plumb.diagnose.gradcheck;

/**
 * One layer of a network checked on its own (J = Σ r ⊙ layer(x) on the input it receives in the
 * network), as a failing network check does to find which layer's backward is wrong.
 *
 * @param position    0-based position in the network's layer list
 * @param layerNumber the l of its W[l] (0 for a layer without parameters)
 * @param layer       the layer's description
 * @param report      the single-layer check: its parameters and its input gradient dX
 */
public record LayerCheck(int position, int layerNumber, String layer, GradientCheckReport report) {

    public boolean passed() {
        return report.passed();
    }

    /** How the report names the layer: "layer 2 (Dense(5 → 3, tanh))", or "Dropout(keepProb=0.5) at position 2". */
    public String label() {
        return label(position, layerNumber, layer);
    }

    static String label(int position, int layerNumber, String layer) {
        return layerNumber > 0 ? "layer " + layerNumber + " (" + layer + ")" : layer + " at position " + (position + 1);
    }
}
