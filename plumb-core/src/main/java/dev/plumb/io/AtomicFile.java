package dev.plumb.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader, or a crash, never sees it half-written: the bytes go to a temporary file beside
 * it, which is forced to disk (fsync) and then renamed over the target in one atomic step; on any failure the
 * temporary file is removed and the previous file, if any, is left as it was. Every file Plumb writes goes
 * through here.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
    public static void write(Path file, String text) throws ModelFileException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file}, atomically. */
    public static void write(Path file, byte[] bytes) throws ModelFileException {
        write(file, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /** What writes the content: it gets a channel open on the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes what {@code content} puts in the channel to {@code file}, atomically. */
    public static void write(Path file, Content content) throws ModelFileException {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) { // the write already failed; that is the error to report
            }
            throw new ModelFileException(file, "cannot write: " + e.getMessage()
                    + "; check that the directory is writable and the disk is not full", e);
        }
    }
}
