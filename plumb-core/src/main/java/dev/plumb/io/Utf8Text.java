package dev.plumb.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes the bytes of a text file Plumb reads (model.json, run.json, config.yaml) as strict UTF-8. A byte
 * sequence that is not UTF-8 is a {@link NotUtf8Exception} saying where — never a replacement character, and
 * never the JDK's bare "Input length = 1", which names neither the file nor the place. The caller adds the file.
 */
public final class Utf8Text {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase();

    private Utf8Text() {
    }

    /** The text of {@code bytes}; a leading byte-order mark, which some editors write, is dropped. */
    public static String decode(byte[] bytes) throws NotUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new NotUtf8Exception(bytes, in.position(), result.length());
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Bytes that are not UTF-8 text; the message reads "not UTF-8 text (byte offset N): …", without the file. */
    public static final class NotUtf8Exception extends CharacterCodingException {

        private static final long serialVersionUID = 1L;

        private final long offset;
        private final String message;

        NotUtf8Exception(byte[] bytes, int offset, int length) {
            this.offset = offset;
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            int shown = Math.min(Math.max(length, 1), Math.min(4, bytes.length - offset));
            this.message = "not UTF-8 text (byte offset " + offset + "): the byte" + (shown == 1 ? " " : "s ")
                    + HEX.formatHex(bytes, offset, offset + shown) + " on line " + line + " cannot be read as UTF-8"
                    + " — the file is in another encoding (such as Latin-1 or UTF-16) or is not text";
        }

        /** Where the first malformed byte sequence starts, counted from 0. */
        public long offset() {
            return offset;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
