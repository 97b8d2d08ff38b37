package dev.plumb.io;

import static dev.plumb.io.SafeTensorsHeader.shorten;

import dev.plumb.io.SafeTensorsHeader.Entry;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SHA-256 digest of each tensor's bytes, kept in the header's {@code __metadata__} under
 * {@code sha256:<tensor name>} (64 hexadecimal digits), so that a byte changed in the data section after
 * writing — a bad disk, a broken copy — is refused naming the tensor instead of loading as a wrong weight.
 *
 * <p>One digest per tensor rather than one over the whole data section: the error can name the damaged
 * tensor, a file that gains or loses a tensor still checks the others, and the cost is the same (each
 * byte is digested once, while it passes through the copy buffer). The digests are optional on reading,
 * since other tools write safetensors without them; but a file that has them must have one for every
 * tensor and none for a tensor it lacks, which also catches a corrupted tensor name in the header.
 * The header itself is not covered: its JSON is validated field by field instead.
 */
final class SafeTensorsChecksums {

    /** Metadata keys starting with this are the checksums; callers may not use them for their own metadata. */
    static final String PREFIX = "sha256:";
    static final int HEX_DIGITS = 64;
    /** What the writer puts in the header before the data is digested; a real digest has the same length. */
    static final String PLACEHOLDER = "0".repeat(HEX_DIGITS);

    private static final HexFormat HEX = HexFormat.of();

    private SafeTensorsChecksums() {
    }

    static String key(String tensorName) {
        return PREFIX + tensorName;
    }

    static boolean isChecksumKey(String metadataKey) {
        return metadataKey.startsWith(PREFIX);
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing, but every Java platform must provide it", e);
        }
    }

    /** Adds the bytes between {@code buffer}'s position and limit to {@code digest}, leaving the buffer as it was. */
    static void update(MessageDigest digest, ByteBuffer buffer) {
        digest.update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** The metadata without the checksum keys: what the file's writer put there. */
    static Map<String, String> callerMetadata(Map<String, String> metadata) {
        Map<String, String> rest = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (!isChecksumKey(k)) {
                rest.put(k, v);
            }
        });
        return rest;
    }

    /**
     * The expected digest of each tensor, by tensor name, or an empty map when the file has no checksums;
     * checked against the entries before any tensor is read.
     */
    static Map<String, byte[]> expected(Path file, Map<String, String> metadata, List<Entry> entries)
            throws ModelFileException {
        Map<String, byte[]> expected = new LinkedHashMap<>();
        Set<String> names = entries.stream().map(Entry::name).collect(Collectors.toSet());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!isChecksumKey(e.getKey())) {
                continue;
            }
            String tensor = e.getKey().substring(PREFIX.length());
            if (!names.contains(tensor)) {
                throw new ModelFileException(file, "metadata key '" + shorten(e.getKey()) + "' holds the checksum of a"
                        + " tensor '" + shorten(tensor) + "' that the file does not have; the header is corrupt (a tensor"
                        + " name was changed or a tensor removed) — save or download the file again");
            }
            String value = e.getValue();
            if (value.length() != HEX_DIGITS || !value.chars().allMatch(HexFormat::isHexDigit)) {
                throw new ModelFileException(file, "metadata key '" + shorten(e.getKey()) + "' is '" + shorten(value)
                        + "', not a SHA-256 digest (" + HEX_DIGITS + " hexadecimal digits); the header is corrupt"
                        + " — save or download the file again");
            }
            expected.put(tensor, HEX.parseHex(value));
        }
        if (!expected.isEmpty()) {
            for (Entry entry : entries) {
                if (!expected.containsKey(entry.name())) {
                    throw new ModelFileException(file, "tensor '" + shorten(entry.name()) + "' has no checksum ('"
                            + shorten(key(entry.name())) + "' in the metadata) although the other tensors have one;"
                            + " the header is corrupt, or another program added the tensor — save the file again,"
                            + " or remove every '" + PREFIX + "' metadata key to load it unchecked");
                }
            }
        }
        return expected;
    }

    static ModelFileException mismatch(Path file, Entry entry) {
        return new ModelFileException(file, "checksum mismatch: the bytes of tensor '" + shorten(entry.name())
                + "' (bytes [" + entry.begin() + ", " + entry.end() + ") of the data section) do not have the SHA-256"
                + " digest recorded in the header when the file was written; they were damaged since (a disk or"
                + " copy error) or changed by another program — restore the file from a good copy or save it again");
    }
}
