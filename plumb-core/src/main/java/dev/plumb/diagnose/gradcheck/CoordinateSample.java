package dev.plumb.diagnose.gradcheck;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which coordinates of a tensor a sampled check compares: {@code n} distinct indices drawn uniformly,
 * in ascending order. The draw depends only on (seed, tensor name, size, n), so a tensor's sample does not
 * change when other tensors are added, and the same seed gives the same check.
 */
final class CoordinateSample {

    private CoordinateSample() {
    }

    /** {@code n} distinct indices in [0, size), or all of them when n is 0 or at least size. */
    static int[] draw(int size, int n, long seed, String tensorName) {
        if (n == 0 || n >= size) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return all;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ (tensorName.hashCode() * 0x9E3779B97F4A7C15L));
        // Floyd's algorithm: n draws, no rejection loop, no array of size `size`
        Set<Integer> chosen = new HashSet<>();
        for (int j = size - n; j < size; j++) {
            int t = rng.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        int[] out = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
