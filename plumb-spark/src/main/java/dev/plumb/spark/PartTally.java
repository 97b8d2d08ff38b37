package dev.plumb.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.plumb.data.SplitManifest;

/**
 * What a split manifest says about each part — size, examples per class and a content hash — gathered row by
 * row and merged across partitions. Every field is a sum (the content hash a sum, modulo 2⁶⁴, of two independent
 * 64-bit hashes of each example), so the merge is commutative and associative: the result does not depend on
 * how the rows were partitioned or in which order partitions were merged. Its size is 3 × classes, never
 * proportional to the data.
 */
final class PartTally implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] size = new long[3];
    private final long[][] classCounts;
    private final long[][] sums = new long[3][2];

    PartTally(int classes) {
        classCounts = new long[3][classes];
    }

    PartTally add(int part, int label, long featureHash) {
        int k = classCounts[part].length;
        if (label < 0 || label >= k) {
            throw new IllegalArgumentException("Invalid label " + label + ". Expected a class index in [0, " + k + ").");
        }
        size[part]++;
        classCounts[part][label]++;
        long e = RowHash.example(featureHash, label);
        sums[part][0] += e;
        sums[part][1] += RowHash.mix64(e ^ 0x5851f42d4c957f2dL);
        return this;
    }

    PartTally merge(PartTally other) {
        for (int p = 0; p < 3; p++) {
            size[p] += other.size[p];
            sums[p][0] += other.sums[p][0];
            sums[p][1] += other.sums[p][1];
            for (int c = 0; c < classCounts[p].length; c++) {
                classCounts[p][c] += other.classCounts[p][c];
            }
        }
        return this;
    }

    long size(int part) {
        return size[part];
    }

    /**
     * The manifest's entry for a part. Its hash is SHA-256 (hex) of the part's size and its two content sums: equal
     * hashes mean the same examples (features and label) with the same multiplicities, in whatever order — rows on a
     * cluster have no order that survives repartitioning, so unlike the core's index hash it does not cover order.
     */
    SplitManifest.Part part(int part) {
        List<Integer> counts = new ArrayList<>();
        for (long c : classCounts[part]) {
            counts.add(Math.toIntExact(c));
        }
        ByteBuffer bytes = ByteBuffer.allocate(24).putLong(size[part]).putLong(sums[part][0]).putLong(sums[part][1]);
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
            return new SplitManifest.Part(ContentHashSplit.name(part), Math.toIntExact(size[part]), counts, hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
