package dev.plumb.io;

import dev.plumb.io.SafeTensorsHeader.Entry;
import dev.plumb.tensor.Matrix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files: an
 * 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each tensor's dtype, shape
 * and byte range, then the little-endian tensor data.
 *
 * <p><b>Reading is strict.</b> Every field of the header is checked against the file's real size
 * before any tensor memory is allocated, with the reference implementation's rules: a header of 2 to
 * 100 000 000 bytes starting with '{', unique names, shape × dtype size equal to the byte range, and
 * byte ranges that cover the data section exactly, without gaps or overlaps. Stricter than the
 * reference, an entry with fields other than dtype, shape and data_offsets, or a tensor with an empty
 * name, is rejected too. Any violation, and any I/O failure, is one {@link ModelFileException} naming
 * the file, the problem and what to do — never an index exception or a JSON library's exception — and
 * a corrupt header cannot make the reader allocate more than the file holds. F32 and F64 tensors of
 * rank 0 (read as 1×1), 1 (length n, read as 1×n) and 2 are supported.
 *
 * <p><b>Writing is atomic.</b> The file is written under a temporary name in the same directory,
 * forced to disk, then renamed over {@code file}, so a crash leaves either the old file or the new
 * one, never a half-written one (the replaced file's permissions and a symbolic link at {@code file}
 * are not kept). Every matrix is written as a 2-D tensor {@code [rows, cols]}, so a vector read from a
 * 1-D tensor is written back as {@code [1, n]}. Tensors are laid out by descending element size, then
 * by name, as the reference implementation does, so the same tensors always give the same bytes and
 * every tensor is aligned to its element size. NaN and infinite values are stored as they are: they
 * are legal in the format, and a diverged model is worth saving for a post-mortem.
 *
 * <p><b>Checksums.</b> The writer records the SHA-256 of each tensor's bytes in the metadata, under
 * {@code sha256:<tensor name>} ({@link SafeTensorsChecksums}); the reader verifies them when they are present,
 * so a damaged byte in the data section is refused naming the tensor, and reads files without them (other
 * writers) as before. Both digest the bytes as they pass through the copy buffer: the writer writes the header
 * with placeholder digests of the same length and rewrites it in place at the end. The checksum keys are the
 * format's own: callers cannot write them, and {@link SafeTensorsFile#metadata()} leaves them out.
 */
public final class SafeTensors {

    /** Tensor data moves through a buffer of this size, so no single allocation follows a file's size. */
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int LENGTH_FIELD_BYTES = 8;

    private SafeTensors() {
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Reads every tensor and the metadata of {@code file}.
     *
     * @throws ModelFileException if the file is missing or unreadable, or is not a valid safetensors
     *                            file of F32/F64 tensors of rank at most 2
     */
    public static SafeTensorsFile read(Path file) throws ModelFileException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, "is a directory, expected a .safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int headerLength = readHeaderLength(file, channel, size);
            byte[] header = new byte[headerLength];
            readFully(file, channel, ByteBuffer.wrap(header), LENGTH_FIELD_BYTES);
            long dataStart = LENGTH_FIELD_BYTES + (long) headerLength;
            SafeTensorsHeader.Parsed parsed = SafeTensorsHeader.parse(file, header, size - dataStart);

            Map<String, byte[]> checksums = SafeTensorsChecksums.expected(file, parsed.metadata(), parsed.entries());
            MessageDigest digest = checksums.isEmpty() ? null : SafeTensorsChecksums.newDigest();

            Map<String, Matrix> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : parsed.entries()) {
                tensors.put(entry.name(), readTensor(file, channel, dataStart + entry.begin(), entry, chunk, digest));
                if (digest != null && !MessageDigest.isEqual(digest.digest(), checksums.get(entry.name()))) {
                    throw SafeTensorsChecksums.mismatch(file, entry);
                }
            }
            return new SafeTensorsFile(tensors, SafeTensorsChecksums.callerMetadata(parsed.metadata()));
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + describe(e), e);
        }
    }

    /** The header length N, checked against the file size and the header limit before anything is allocated. */
    private static int readHeaderLength(Path file, FileChannel channel, long size) throws IOException {
        if (size == 0) {
            throw new ModelFileException(file, "file is empty (0 bytes); a safetensors file starts with an"
                    + " 8-byte header length — the save was interrupted or this is the wrong file");
        }
        if (size < LENGTH_FIELD_BYTES) {
            throw new ModelFileException(file, "file is only " + size + " bytes long, too short for the"
                    + " 8-byte header length a safetensors file starts with; the file is truncated or not"
                    + " a safetensors file");
        }
        ByteBuffer field = ByteBuffer.allocate(LENGTH_FIELD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, field, 0);
        long length = field.getLong(0); // an unsigned 64-bit number: compare and print it as one
        String shown = Long.toUnsignedString(length);
        if (Long.compareUnsigned(length, 2) < 0) {
            throw new ModelFileException(file, "header length is " + shown + (length == 1 ? " byte" : " bytes")
                    + ", less than the 2 bytes"
                    + " of the smallest header \"{}\"; the file is corrupt or not a safetensors file");
        }
        if (Long.compareUnsigned(length, SafeTensorsHeader.MAX_BYTES) > 0) {
            throw new ModelFileException(file, "header length is " + shown + " bytes, more than the limit of "
                    + SafeTensorsHeader.MAX_BYTES + " bytes; the file is corrupt or not a safetensors file");
        }
        if (length > size - LENGTH_FIELD_BYTES) {
            throw new ModelFileException(file, "truncated: header length is " + shown + " bytes but only "
                    + (size - LENGTH_FIELD_BYTES) + " bytes follow the length field; the file is incomplete"
                    + " (an interrupted save or download) or not a safetensors file");
        }
        return (int) length;
    }

    /**
     * One tensor, moved through {@code chunk} into a matrix of its precision (little-endian, as the format says);
     * each chunk also goes through {@code digest} unless it is null, so checking costs no copy of the data.
     */
    private static Matrix readTensor(Path file, FileChannel channel, long position, Entry entry, ByteBuffer chunk,
                                     MessageDigest digest) throws IOException {
        Matrix matrix = Matrix.zeros(entry.dtype(), entry.rows(), entry.cols()); // the header check bounds its size
        int elementBytes = entry.dtype().bytes();
        for (int done = 0, n = matrix.size(); done < n; ) {
            int count = Math.min(n - done, chunk.capacity() / elementBytes);
            chunk.clear().limit(count * elementBytes);
            readFully(file, channel, chunk, position);
            chunk.flip();
            if (digest != null) {
                SafeTensorsChecksums.update(digest, chunk);
            }
            done += matrix.readFrom(chunk, done);
            position += (long) count * elementBytes;
        }
        return matrix;
    }

    /** Fills {@code buffer} from {@code position}; the file shrinking underneath us is a truncation too. */
    private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new ModelFileException(file, "truncated: the file ended at byte " + position
                        + " while it was being read; it was cut short or is being written by another"
                        + " program — wait for that program or save the model again");
            }
            position += read;
        }
    }

    // ---- writing -------------------------------------------------------------------------------

    /** {@link #write(Path, Map, Map)} without metadata. */
    public static void write(Path file, Map<String, ? extends Matrix> tensors) throws ModelFileException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file} atomically, replacing any existing
     * file. Names are unique by construction of the map; metadata is written sorted by key.
     *
     * @throws IllegalArgumentException if a tensor name is null, empty, {@code __metadata__}
     *                                  or not valid Unicode, a matrix is null, or a metadata key or
     *                                  value is null or not valid Unicode; {@code file} is then untouched
     * @throws ModelFileException       if the file cannot be written; an existing file is then unchanged
     */
    public static void write(Path file, Map<String, ? extends Matrix> tensors, Map<String, String> metadata)
            throws ModelFileException {
        Objects.requireNonNull(file, "file");
        List<Map.Entry<String, Matrix>> ordered = validatedInWriteOrder(tensors);
        List<Entry> entries = layout(ordered);
        Map<String, String> withChecksums = validatedMetadata(metadata);
        for (Entry e : entries) {
            withChecksums.put(SafeTensorsChecksums.key(e.name()), SafeTensorsChecksums.PLACEHOLDER);
        }
        byte[] header = SafeTensorsHeader.encode(entries, withChecksums);
        if (header.length > SafeTensorsHeader.MAX_BYTES) {
            throw new IllegalArgumentException("Invalid arguments tensors and metadata: the header would be "
                    + header.length + " bytes, more than the " + SafeTensorsHeader.MAX_BYTES
                    + " bytes readers accept. Expected shorter names or less metadata.");
        }

        // temporary file, fsync, atomic rename, directory fsync: the previous file stays valid until this one is whole
        AtomicFile.write(file, channel -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(header.length).flip();
            AtomicFile.writeFully(channel, chunk);
            AtomicFile.writeFully(channel, ByteBuffer.wrap(header));
            MessageDigest digest = SafeTensorsChecksums.newDigest();
            for (Map.Entry<String, Matrix> tensor : ordered) {
                writeTensor(channel, tensor.getValue(), chunk, digest);
                withChecksums.put(SafeTensorsChecksums.key(tensor.getKey()), SafeTensorsChecksums.hex(digest.digest()));
            }
            // The digests are known only now; each has the placeholder's length, so the header keeps its length
            // and is rewritten in place — the data is streamed once and never held twice.
            byte[] checked = SafeTensorsHeader.encode(entries, withChecksums);
            if (checked.length != header.length) {
                throw new IllegalStateException("the header changed length from " + header.length + " to "
                        + checked.length + " bytes when the checksums were filled in");
            }
            ByteBuffer rewrite = ByteBuffer.wrap(checked);
            for (long position = LENGTH_FIELD_BYTES; rewrite.hasRemaining(); ) {
                position += channel.write(rewrite, position);
            }
        });
    }

    /** The tensors sorted as the reference writer sorts them: larger elements first, then by name. */
    private static List<Map.Entry<String, Matrix>> validatedInWriteOrder(Map<String, ? extends Matrix> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        List<Map.Entry<String, Matrix>> ordered = new ArrayList<>(tensors.size());
        for (Map.Entry<String, ? extends Matrix> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Invalid argument tensors: a tensor name is "
                        + (name == null ? "null" : "empty") + ". Expected non-empty names.");
            }
            if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("Invalid argument tensors: the tensor name '" + name
                        + "' is reserved for metadata. Expected any other name.");
            }
            requireUnicode("tensors", "tensor name", name);
            if (e.getValue() == null) {
                throw new IllegalArgumentException("Invalid argument tensors: tensor '" + name
                        + "' is null. Expected a matrix.");
            }
            ordered.add(Map.entry(name, e.getValue()));
        }
        ordered.sort(Comparator.<Map.Entry<String, Matrix>>comparingInt(e -> -e.getValue().dtype().bytes())
                .thenComparing(Map.Entry::getKey));
        return ordered;
    }

    /** Contiguous byte ranges from 0, in the given order; every matrix as shape [rows, cols]. */
    private static List<Entry> layout(List<Map.Entry<String, Matrix>> ordered) {
        List<Entry> entries = new ArrayList<>(ordered.size());
        long offset = 0;
        for (Map.Entry<String, Matrix> e : ordered) {
            Matrix m = e.getValue();
            long end = offset + (long) m.size() * m.dtype().bytes();
            entries.add(new Entry(e.getKey(), m.dtype(), List.of((long) m.rows(), (long) m.cols()),
                    m.rows(), m.cols(), offset, end));
            offset = end;
        }
        return entries;
    }

    private static Map<String, String> validatedMetadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("Invalid argument metadata: "
                        + (e.getKey() == null ? "a key is null" : "the value of key '" + e.getKey() + "' is null")
                        + ". Expected non-null strings.");
            }
            if (SafeTensorsChecksums.isChecksumKey(e.getKey())) {
                throw new IllegalArgumentException("Invalid argument metadata: the key '" + e.getKey() + "' starts with '"
                        + SafeTensorsChecksums.PREFIX + "', which is reserved for the tensors' checksums. Expected"
                        + " a key with another prefix.");
            }
            requireUnicode("metadata", "key", e.getKey());
            requireUnicode("metadata", "value of key '" + e.getKey() + "'", e.getValue());
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    /** A lone UTF-16 surrogate cannot be written as UTF-8, which the header must be. */
    private static void requireUnicode(String argument, String what, String text) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("Invalid argument " + argument + ": the " + what + " '" + text
                    + "' contains an unpaired surrogate character. Expected valid Unicode text.");
        }
    }

    private static void writeTensor(FileChannel channel, Matrix matrix, ByteBuffer chunk, MessageDigest digest)
            throws IOException {
        for (int done = 0, n = matrix.size(); done < n; ) {
            chunk.clear();
            done += matrix.writeTo(chunk, done); // in chunk's byte order: little-endian
            chunk.flip();
            SafeTensorsChecksums.update(digest, chunk);
            AtomicFile.writeFully(channel, chunk);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
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
