package dev.plumb.spark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file of unsigned bytes (MNIST-style), as much of it as an executor task needs: the header is checked once on
 * the driver ({@link #open}: 8 to 16 bytes), and each task then {@linkplain #stream opens the file itself} at the
 * first byte of its range of examples.
 *
 * <p><b>Gzipped files.</b> A gzip stream cannot be entered in the middle, so a task reading examples [a, b) decompresses
 * and discards everything before a. With p partitions the tasks together decompress about (p + 1) / 2 times the file:
 * for Fashion-MNIST's 47 MB of training pixels in 8 partitions some 210 MB, a second or two of CPU spread over the
 * executors. That was chosen over decompressing once into a local cache file because a cache on the driver is not
 * visible to executors on other machines, and a cache per executor would be written by several tasks at once; for
 * files much larger than Fashion-MNIST, gunzip them once and pass the plain files, which each task enters with a seek.
 *
 * @param file       the path as the user gave it
 * @param gzip       whether the file is gzipped (by its first two bytes, as the core decides)
 * @param dims       the dimensions in the header; dims[0] is the number of examples
 * @param dataStart  the offset of the first value in the (decompressed) data
 */
record IdxRange(String file, boolean gzip, int[] dims, long dataStart) implements Serializable {

    private static final int BUFFER_BYTES = 1 << 16;

    /** Bytes per example: the product of the dimensions after the first. */
    long exampleBytes() {
        long bytes = 1;
        for (int k = 1; k < dims.length; k++) {
            bytes *= dims[k];
        }
        return bytes;
    }

    int examples() {
        return dims[0];
    }

    /**
     * Reads and checks the header of {@code file}: unsigned bytes (type 0x08) of {@code rank} dimensions. For a plain
     * file also the size, so a truncated file is refused before any task starts; a gzipped one is checked by the task
     * that reaches its end.
     */
    static IdxRange open(Path file, int rank) {
        String name = file.toString();
        boolean gzip;
        try (InputStream raw = new BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            raw.mark(2);
            gzip = raw.read() == 0x1F && raw.read() == 0x8B;
            raw.reset();
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            byte[] head = in.readNBytes(4 + 4 * rank);
            if (head.length < 4 || head[0] != 0 || head[1] != 0) {
                throw new SourceFailure(name, "byte 0", "not an IDX file: it does not start with the magic number 00 00 "
                        + "<type> <dimensions>; check that this is an MNIST-style IDX file, plain or gzipped");
            }
            if ((head[2] & 0xFF) != 0x08) {
                throw new SourceFailure(name, "byte 2", String.format("holds values of IDX type 0x%02X; expected "
                        + "unsigned bytes (0x08), as Fashion-MNIST's files hold", head[2] & 0xFF));
            }
            if ((head[3] & 0xFF) != rank) {
                throw new SourceFailure(name, "byte 3", "has " + (head[3] & 0xFF) + " dimensions; expected " + rank
                        + (rank == 1 ? " (a label file)" : " (n × height × width images)") + ": is it the right file?");
            }
            if (head.length < 4 + 4 * rank) {
                throw new SourceFailure(name, "byte " + head.length, "truncated header: the file is cut short, fetch it again");
            }
            int[] dims = new int[rank];
            for (int k = 0; k < rank; k++) {
                int i = 4 + 4 * k;
                dims[k] = (head[i] & 0xFF) << 24 | (head[i + 1] & 0xFF) << 16 | (head[i + 2] & 0xFF) << 8 | head[i + 3] & 0xFF;
                if (dims[k] < 0) {
                    throw new SourceFailure(name, "byte " + i, "dimension " + (k + 1) + " is beyond 2^31 - 1; the header is damaged");
                }
            }
            IdxRange range = new IdxRange(name, gzip, dims, 4 + 4L * rank);
            if (!gzip) {
                long expected = range.dataStart + (long) dims[0] * range.exampleBytes();
                long size = java.nio.file.Files.size(file);
                if (size != expected) {
                    throw new SourceFailure(name, "byte " + Math.min(size, expected), "the header (" + shape(dims)
                            + ") needs " + expected + " bytes but the file has " + size + "; "
                            + (size < expected ? "it is truncated, fetch it again" : "it has trailing bytes, fetch it again"));
                }
            }
            return range;
        } catch (NoSuchFileException e) {
            throw new SourceFailure(name, "", "file does not exist; check the path");
        } catch (IOException e) {
            throw new SourceFailure(name, "", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The data from example {@code first} on, positioned at its first byte: a seek into a plain file, or a gzip stream
     * decompressed up to there (see the class comment for the cost).
     */
    InputStream stream(long first) throws IOException {
        long offset = dataStart + first * exampleBytes();
        if (!gzip) {
            FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ);
            channel.position(offset);
            return new BufferedInputStream(Channels.newInputStream(channel), BUFFER_BYTES);
        }
        InputStream in = new GZIPInputStream(new BufferedInputStream(java.nio.file.Files.newInputStream(Path.of(file)),
                BUFFER_BYTES), BUFFER_BYTES);
        try {
            long skipped = in.skip(offset);
            while (skipped < offset) {
                long more = in.skip(offset - skipped);
                if (more <= 0) {
                    throw new SourceFailure(file, "byte " + skipped, "truncated data: the "
                            + "gzipped file ends before example " + first + " (header: " + shape(dims) + "); fetch it again");
                }
                skipped += more;
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    static String shape(int[] dims) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < dims.length; k++) {
            out.append(k == 0 ? "" : "×").append(dims[k]);
        }
        return out.toString();
    }
}
