package dev.plumb.data.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * IDX bytes assembled by hand from the format description — two zero bytes, a type code, a
 * dimension count, big-endian 32-bit dimensions, big-endian values — with {@link DataOutputStream}
 * (always big-endian), so that tests check {@link IdxReader} against the format rather than against itself.
 */
final class RawIdx {

    static final int UBYTE = 0x08;
    static final int SBYTE = 0x09;
    static final int SHORT = 0x0B;
    static final int INT = 0x0C;
    static final int FLOAT = 0x0D;
    static final int DOUBLE = 0x0E;

    /** Three 2×3 images, pixel values 0–255 chosen to include both ends and the high bit. */
    static final int[][][] IMAGES = {
            {{0, 1, 2}, {127, 128, 255}},
            {{255, 254, 64}, {32, 16, 8}},
            {{7, 77, 177}, {200, 100, 0}},
    };
    static final int[] LABELS = {2, 0, 1};

    private RawIdx() {
    }

    /** The header: magic number then dimensions. */
    static byte[] header(int typeCode, int... dims) {
        return write(out -> {
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(typeCode);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
        });
    }

    /** An unsigned-byte file of the given values after the header. */
    static byte[] ubytes(int[] dims, int... values) {
        return concat(header(UBYTE, dims), write(out -> {
            for (int v : values) {
                out.writeByte(v);
            }
        }));
    }

    /** {@link #IMAGES} as a 3 × 2 × 3 unsigned-byte file: 16 header bytes, 18 data bytes. */
    static byte[] threeImages() {
        return ubytes(new int[] {3, 2, 3}, flat(IMAGES));
    }

    /** {@link #LABELS} as a 1-dimensional unsigned-byte file: 8 header bytes, 3 data bytes. */
    static byte[] threeLabels() {
        return ubytes(new int[] {3}, LABELS);
    }

    static int[] flat(int[][][] images) {
        return Arrays.stream(images).flatMap(Arrays::stream).flatMapToInt(Arrays::stream).toArray();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    interface Writes {
        void to(DataOutputStream out) throws IOException;
    }

    static byte[] write(Writes writes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writes.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
