package dev.plumb.data.augment;

import java.util.Objects;

/**
 * Which augmentation to apply to training batches, as a value: validated when made, compared by its canonical id
 * ({@code "flip(p=0.5),shift=2"}-style, see {@link Augmentation#id}), and turned into a fresh {@link Augmentation}
 * by {@link #create} wherever one is needed (an augmentation keeps a scratch row, so instances are not shared).
 *
 * @param id the canonical id; {@code "none"} for no augmentation
 */
public record AugmentationSpec(String id) {

    public AugmentationSpec {
        Objects.requireNonNull(id, "id");
        id = Augmentation.parse(id).id(); // validates, and makes equal specs equal
    }

    /** No augmentation. */
    public static AugmentationSpec none() {
        return new AugmentationSpec("none");
    }

    /** Parses the command-line syntax of {@link Augmentation#parse}, e.g. {@code "flip,shift=2,rotate=10"}. */
    public static AugmentationSpec parse(String text) {
        return new AugmentationSpec(text);
    }

    public boolean isNone() {
        return "none".equals(id);
    }

    /** A new augmentation of this kind. */
    public Augmentation create() {
        return Augmentation.parse(id);
    }
}
