package dev.plumb.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Safetensors bytes assembled by hand from the format description — an 8-byte little-endian header
 * length, the header, the data — so that tests check {@link SafeTensors} against the specification
 * rather than against itself.
 */
final class RawSafeTensors {

    private RawSafeTensors() {
    }

    /** JSON written with single quotes for readability: {@code json("{'a':1}")} is {"a":1}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A file whose header is {@code header} (UTF-8, as given, no padding added) followed by {@code data}. */
    static byte[] file(String header, byte[]... data) {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        return concat(lengthField(headerBytes.length), headerBytes, concat(data));
    }

    /** {@code header} padded with trailing spaces so that 8 + its length is a multiple of 8, as writers do. */
    static String padded(String header) {
        int length = header.getBytes(StandardCharsets.UTF_8).length;
        return header + " ".repeat((8 - length % 8) % 8);
    }

    static byte[] lengthField(long headerLength) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] f64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** The SHA-256 of {@code bytes} in lowercase hexadecimal, as Plumb's writer records each tensor's. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
