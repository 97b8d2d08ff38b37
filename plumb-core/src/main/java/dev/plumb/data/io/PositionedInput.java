package dev.plumb.data.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A stream that knows how many bytes it has delivered, so a reader can say where in the file a problem
 * is, and that turns read failures (a damaged or truncated gzip stream, an I/O error) into a
 * {@link DataFileException} at that position. For a gzipped file positions count decompressed bytes.
 */
final class PositionedInput {

    // bounds each read call, which keeps JDK temporary buffers for plain files small
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final InputStream in;
    private final boolean gzip;
    private long position;

    PositionedInput(Path file, InputStream in, boolean gzip) {
        this.file = file;
        this.in = in;
        this.gzip = gzip;
    }

    boolean gzip() {
        return gzip;
    }

    /** Bytes delivered so far: the offset of the next byte. */
    long position() {
        return position;
    }

    /** Reads {@code len} bytes into {@code b} from {@code off}, fewer only at end of input; returns the count. */
    int readFully(byte[] b, int off, int len) throws DataFileException {
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(b, off + total, Math.min(len - total, CHUNK_BYTES));
            } catch (IOException e) {
                throw failed(e);
            }
            if (n < 0) {
                break;
            }
            total += n;
            position += n;
        }
        return total;
    }

    /** Reads to the end of input and returns how many bytes were left, counting no further than {@code limit + 1}. */
    long skipToEnd(long limit) throws DataFileException {
        byte[] sink = new byte[8192];
        long start = position;
        while (position - start <= limit) {
            if (readFully(sink, 0, sink.length) == 0) {
                break;
            }
        }
        return position - start;
    }

    /** A problem at byte {@code offset}. */
    DataFileException error(long offset, String problem) {
        return new DataFileException(file, location(offset), problem, null);
    }

    private String location(long offset) {
        return "byte " + offset + (gzip ? " of the decompressed data" : "");
    }

    private DataFileException failed(IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String problem;
        if (gzip && e instanceof EOFException) {
            problem = "the gzip data ends early (" + detail + "): the compressed file is truncated; fetch it again";
        } else if (gzip) {
            problem = "the gzip data is damaged (" + detail + "); fetch the file again";
        } else {
            problem = "read failed (" + detail + ")";
        }
        return new DataFileException(file, location(position), problem, e);
    }
}
