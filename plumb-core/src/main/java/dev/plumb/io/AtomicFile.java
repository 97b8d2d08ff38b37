package dev.plumb.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that a reader, or a crash, never sees it half-written: the bytes go to a new hidden file beside
 * it in the same directory, which must exist (a unique name, so two writers never share one), which is forced to disk (fsync) and then renamed over the
 * target in one atomic step, and the directory is forced too so the rename survives a power cut. On any failure
 * the temporary file is removed and the previous file, if any, is left as it was. Every file Plumb writes goes
 * through here.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** What writes the content: it gets a channel open on the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes {@code text} as UTF-8 to {@code file}, atomically. */
    public static void write(Path file, String text) throws ModelFileException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file}, atomically. */
    public static void write(Path file, byte[] bytes) throws ModelFileException {
        write(file, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    /** Writes what {@code content} puts in the channel to {@code file}, atomically. */
    public static void write(Path file, Content content) throws ModelFileException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null) {
            throw new IllegalArgumentException("Invalid argument file: " + file + " is a root directory."
                    + " Expected a file path.");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            // a rename would put a file where a device, a link or a directory was (as root, over /dev/null)
            throw new ModelFileException(file, "is not a regular file (" + (Files.isSymbolicLink(target) ? "a symbolic link"
                    : Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "a device or special file")
                    + "); Plumb replaces only regular files — choose another path");
        }
        Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            // CREATE_NEW, not createTempFile: the file gets the usual permissions, not owner-only ones
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            forceDirectory(directory);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot write: " + describe(e, temp, directory) + "; check that the directory"
                    + " exists and is writable and that the disk is not full; any previous file at this path is unchanged", e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** Writes all of {@code buffer}: a channel may take fewer bytes than offered. */
    public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, and there it is skipped. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the file itself is already on disk; only the directory entry may lag behind a crash
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more to do: the hidden temp file is harmless, and the caller sees the original error
        }
    }

    private static String describe(IOException e, Path temp, Path directory) {
        if (e instanceof NoSuchFileException n) {
            // the temporary file cannot be created: its directory is what is missing
            return "no such file or directory: " + (temp.toString().equals(n.getFile()) ? directory : n.getFile());
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getMessage();
        }
        return e.toString();
    }
}
