package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.data.augment.RandomShift.Padding;

/** {@link Augmentation#parse}: the command-line syntax. */
class AugmentationTest {

    private static final String SYNTAX = "flip[=probability], shift=pixels[:zero|:edge], rotate=maxDegrees, noise=std[:min:max]";

    @Test
    void parsesTheCommandLineExample() {
        Augmentation a = Augmentation.parse("flip,shift=2,rotate=10,noise=0.05");

        assertThat(a).isEqualTo(new Compose(List.of(new HorizontalFlip(0.5), new RandomShift(2, Padding.ZERO),
                new RandomRotation(10), new GaussianNoise(0.05))));
    }

    @Test
    void parsesEveryOption() {
        assertThat(Augmentation.parse("flip")).isEqualTo(new HorizontalFlip());
        assertThat(Augmentation.parse(" Flip = 0.25 ")).isEqualTo(new HorizontalFlip(0.25));
        assertThat(Augmentation.parse("shift=3")).isEqualTo(new RandomShift(3, Padding.ZERO));
        assertThat(Augmentation.parse("shift=3:zero")).isEqualTo(new RandomShift(3, Padding.ZERO));
        assertThat(Augmentation.parse("SHIFT=1:Edge")).isEqualTo(new RandomShift(1, Padding.EDGE));
        assertThat(Augmentation.parse("rotate=7.5")).isEqualTo(new RandomRotation(7.5));
        assertThat(Augmentation.parse("noise=0.1")).isEqualTo(new GaussianNoise(0.1));
        assertThat(Augmentation.parse("noise=0.1:0:1")).isEqualTo(new GaussianNoise(0.1, 0, 1));
        assertThat(Augmentation.parse("none")).isEqualTo(Augmentation.none());
        assertThat(Augmentation.parse("rotate=5, flip")).isEqualTo(new Compose(List.of(new RandomRotation(5), new HorizontalFlip())));
    }

    @Test
    void idsParseBackToEqualAugmentations() {
        for (String spec : List.of("flip", "flip=0.25", "shift=2", "shift=2:edge", "rotate=10", "noise=0.05",
                "noise=0.05:0:16", "flip,shift=2,rotate=10,noise=0.05", "none")) {
            Augmentation a = Augmentation.parse(spec);
            assertThat(Augmentation.parse(a.id())).as(spec).isEqualTo(a);
        }
        assertThat(Augmentation.parse("flip,shift=2,rotate=10").id()).isEqualTo("flip=0.5,shift=2,rotate=10.0");
    }

    @Test
    void anUnknownNameListsTheAllowedOnes() {
        assertThatThrownBy(() -> Augmentation.parse("flip,blur=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid augmentation 'blur=2' in 'flip,blur=2': unknown name 'blur'. Expected one of: "
                        + "flip, shift, rotate, noise (" + SYNTAX + "), separated by commas, e.g. flip,shift=2,rotate=10; "
                        + "or none alone.");
        assertThatThrownBy(() -> Augmentation.parse("flip,none")).hasMessageContaining("unknown name 'none'");
    }

    @Test
    void anEmptySpecOrItemIsRejected() {
        assertThatThrownBy(() -> Augmentation.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid augmentation spec ' ': it is empty. Expected a comma-separated list of " + SYNTAX
                        + ", e.g. flip,shift=2,rotate=10; or none.");
        assertThatThrownBy(() -> Augmentation.parse(null)).hasMessageStartingWith("Invalid augmentation spec 'null'");
        assertThatThrownBy(() -> Augmentation.parse("flip,,shift=2"))
                .hasMessage("Invalid augmentation spec 'flip,,shift=2': item 2 is empty. Expected a comma-separated list of "
                        + SYNTAX + ".");
    }

    @Test
    void badValuesNameTheItemAndWhatIsExpected() {
        assertThatThrownBy(() -> Augmentation.parse("shift"))
                .hasMessage("Invalid augmentation 'shift' in 'shift': it needs a value. Expected shift=pixels[:zero|:edge], "
                        + "e.g. shift=2.");
        assertThatThrownBy(() -> Augmentation.parse("flip,shift=two"))
                .hasMessage("Invalid augmentation 'shift=two' in 'flip,shift=two': pixels 'two' is not an integer. "
                        + "Expected shift=pixels, e.g. shift=2.");
        assertThatThrownBy(() -> Augmentation.parse("shift=2:mirror"))
                .hasMessage("Invalid augmentation 'shift=2:mirror' in 'shift=2:mirror': padding 'mirror' is unknown. "
                        + "Expected zero or edge.");
        assertThatThrownBy(() -> Augmentation.parse("rotate=ten"))
                .hasMessage("Invalid augmentation 'rotate=ten' in 'rotate=ten': maxDegrees 'ten' is not a number.");
        assertThatThrownBy(() -> Augmentation.parse("rotate=10:5"))
                .hasMessage("Invalid augmentation 'rotate=10:5' in 'rotate=10:5': too many ':' options. "
                        + "Expected rotate=maxDegrees, e.g. rotate=10.");
        assertThatThrownBy(() -> Augmentation.parse("noise=0.1:0"))
                .hasMessage("Invalid augmentation 'noise=0.1:0' in 'noise=0.1:0': a clamp needs both bounds. "
                        + "Expected noise=std or noise=std:min:max, e.g. noise=0.05:0:1.");
    }

    @Test
    void outOfRangeValuesKeepTheConstructorsMessage() {
        assertThatThrownBy(() -> Augmentation.parse("flip,rotate=90"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid augmentation 'rotate=90' in 'flip,rotate=90': Invalid value for argument maxDegrees: "
                        + "90.0. Expected degrees in (0, 45]; augmentation rotations are small, e.g. 10.");
        assertThatThrownBy(() -> Augmentation.parse("flip=2"))
                .hasMessage("Invalid augmentation 'flip=2' in 'flip=2': Invalid value for argument probability: 2.0. "
                        + "Expected a probability in [0, 1]; 0.5 flips half the images.");
        assertThatThrownBy(() -> Augmentation.parse("shift=-1")).hasMessageContaining("maxPixels: -1");
        assertThatThrownBy(() -> Augmentation.parse("noise=0.1:1:0")).hasMessageContaining("min, max: [1.0, 0.0]");
    }
}
