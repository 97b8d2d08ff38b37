package dev.plumb.data.io;

/**
 * The element type of an IDX file, from the third byte of its magic number. Multi-byte values are
 * stored big-endian.
 */
public enum IdxType {
    UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
    SIGNED_BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String description;

    IdxType(int code, int bytes, String description) {
        this.code = code;
        this.bytes = bytes;
        this.description = description;
    }

    /** The type code as stored in the file (0x08 … 0x0E). */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** True for the types whose values are whole numbers (bytes, short, int). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The type with this code, or null when the code is not an IDX type. */
    static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** "0x08 (unsigned byte)", as error messages name a type. */
    @Override
    public String toString() {
        return String.format("0x%02X (%s)", code, description);
    }

    /** The list of valid codes, for error messages. */
    static String validCodes() {
        return "0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)";
    }
}
