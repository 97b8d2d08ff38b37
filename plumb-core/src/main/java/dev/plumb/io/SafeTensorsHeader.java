package dev.plumb.io;

import dev.plumb.tensor.DType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: parsed and validated against the size of the data section
 * before anything is allocated for the tensors, or encoded for writing.
 *
 * <p>The JSON grammar of the header is checked by {@link SafeTensorsHeaderReader}; this class adds the
 * rules that span the whole file (the first byte, the layout of all tensors over the data section)
 * and writes headers.
 */
final class SafeTensorsHeader {

    /** Largest header accepted, as in the reference implementation (MAX_HEADER_SIZE). */
    static final long MAX_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    /** Most elements a {@link dev.plumb.tensor.Matrix} can hold (see its constructor). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    // Jackson's default name and string limits are below the header limit, which is the real bound.
    // Names are not canonicalized: they come from untrusted files and are never seen twice.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
            .disable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength((int) MAX_BYTES)
                    .maxStringLength((int) MAX_BYTES)
                    .build())
            .build();

    /**
     * One validated tensor entry; its bytes are {@code [begin, end)} of the data section, and it is read
     * into a {@code rows × cols} matrix (rank 0 is 1×1, rank 1 of length n is 1×n).
     */
    record Entry(String name, DType dtype, List<Long> shape, int rows, int cols, long begin, long end) {

        long elements() {
            return (long) rows * cols;
        }
    }

    /** Tensor entries in data order (by offset), and the {@code __metadata__} map in file order. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {
    }

    private SafeTensorsHeader() {
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * Parses and validates {@code header}, the bytes after the length field, against {@code dataLength},
     * the number of bytes after the header.
     */
    static Parsed parse(Path file, byte[] header, long dataLength) throws ModelFileException {
        String text = decodeUtf8(file, header);
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), text)) {
            Parsed parsed = new SafeTensorsHeaderReader(file, json).readHeader();
            if (text.charAt(0) != '{') {
                // the reference implementation requires '{' first, although JSON allows whitespace
                throw new ModelFileException(file, "header starts with whitespace; the format requires '{'"
                        + " as its first byte — the file was not written by a conforming writer");
            }
            validateLayout(file, parsed.entries(), dataLength);
            return parsed;
        } catch (JacksonException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new ModelFileException(file, "header is not valid JSON: " + e.getOriginalMessage()
                    + (at >= 0 ? " (at character " + at + ")" : "")
                    + "; the file is corrupt or not a safetensors file", e);
        }
    }

    /** Strict UTF-8: malformed input is an error, not a replacement character. */
    private static String decodeUtf8(Path file, byte[] header) throws ModelFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input by default
        ByteBuffer in = ByteBuffer.wrap(header);
        CharBuffer out = CharBuffer.allocate(header.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new ModelFileException(file, "header is not valid UTF-8: malformed byte sequence at byte "
                    + in.position() + " of the header; the file is corrupt or not a safetensors file");
        }
        return out.flip().toString();
    }

    /** The reference implementation's rule: in offset order, the tensors cover the data section exactly once. */
    private static void validateLayout(Path file, List<Entry> entries, long dataLength)
            throws ModelFileException {
        long covered = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < covered) {
                throw new ModelFileException(file, "tensors '" + shorten(previous.name()) + "' "
                        + offsets(previous) + " and '" + shorten(e.name()) + "' " + offsets(e)
                        + " overlap; every byte of the data section must belong to exactly one tensor — the"
                        + " header is corrupt");
            }
            if (e.begin() > covered) {
                String where = previous == null ? "before the first tensor '" + shorten(e.name()) + "'"
                        : "between tensors '" + shorten(previous.name()) + "' and '" + shorten(e.name()) + "'";
                throw new ModelFileException(file, "gap: bytes [" + covered + ", " + e.begin()
                        + ") of the data section belong to no tensor (" + where + "); tensors must be"
                        + " stored back to back — the header is corrupt");
            }
            if (e.end() > dataLength) {
                throw new ModelFileException(file, "truncated: header says tensor '" + shorten(e.name())
                        + "' ends at byte " + e.end() + " of the data section but the file has only " + dataLength
                        + " data bytes; the file is incomplete (an interrupted save or download) or its"
                        + " header is corrupt — save or download it again");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataLength) {
            throw new ModelFileException(file, (dataLength - covered) + " bytes at the end of the data"
                    + " section belong to no tensor (the tensors cover " + covered + " of " + dataLength
                    + " bytes); bytes were appended to the file or a tensor is missing from its header");
        }
    }

    /** Text from a file, cut short for a message: a hostile header may hold a name of megabytes. */
    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String offsets(Entry e) {
        return "[" + e.begin() + ", " + e.end() + "]";
    }

    // ---- writing -------------------------------------------------------------------------------

    /**
     * The header for {@code entries} (in data order) and {@code metadata}, as compact UTF-8 JSON padded
     * with spaces to a multiple of 8 bytes so that the data section starts 8-byte aligned.
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            if (!metadata.isEmpty()) {
                json.writeName(METADATA_KEY);
                json.writeStartObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    json.writeName(e.getKey());
                    json.writeString(e.getValue());
                }
                json.writeEndObject();
            }
            for (Entry e : entries) {
                json.writeName(e.name());
                json.writeStartObject();
                json.writeName("dtype");
                json.writeString(e.dtype().safetensorsName());
                json.writeName("shape");
                json.writeStartArray();
                for (long dim : e.shape()) {
                    json.writeNumber(dim);
                }
                json.writeEndArray();
                json.writeName("data_offsets");
                json.writeStartArray();
                json.writeNumber(e.begin());
                json.writeNumber(e.end());
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        while (out.size() % 8 != 0) {
            out.write(' ');
        }
        return out.toByteArray();
    }
}
