package dev.plumb.data.augment;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * Several augmentations applied one after another, in list order, each to the whole batch. The empty
 * list changes nothing (id {@code "none"}). Not thread-safe when its steps are not (see
 * {@link Augmentation}).
 */
public final class Compose implements Augmentation {

    private final List<Augmentation> steps;
    private final PerImageTransform[] perImage; // the steps, when every one draws independently of the pixels
    private final ImagePipeline pipeline = new ImagePipeline();

    public Compose(List<Augmentation> steps) {
        Objects.requireNonNull(steps, "steps");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("Invalid argument steps: step " + i
                        + " is null. Expected augmentations only.");
            }
        }
        this.steps = List.copyOf(steps);
        this.perImage = ImagePipeline.stepsOf(this);
    }

    public List<Augmentation> steps() {
        return steps;
    }

    @Override
    public void requireApplicable(ImageShape shape) {
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).requireApplicable(shape);
        }
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        if (perImage != null && perImage.length > 0) { // image by image, with the draws and values of the loop below
            requireApplicable(shape);
            pipeline.apply(perImage, batch, shape, rng, null, null);
            return;
        }
        for (int i = 0; i < steps.size(); i++) { // indexed: an iterator would be an allocation per batch
            steps.get(i).apply(batch, shape, rng);
        }
    }

    @Override
    public String id() {
        String joined = steps.stream().map(Augmentation::id).filter(id -> !id.equals("none"))
                .collect(Collectors.joining(","));
        return joined.isEmpty() ? "none" : joined;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compose c && steps.equals(c.steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return "Compose" + steps;
    }
}
