package dev.plumb.tensor;

/**
 * The floating-point precision of a {@link Matrix}. Training and inference run in {@link #FLOAT32};
 * gradient checking and reference computations run in {@link #FLOAT64}, which is the only precision
 * that can reach the 1e-7 relative errors a gradient check is judged by.
 */
public enum DType {
    FLOAT32(4, "F32"),
    FLOAT64(8, "F64");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The dtype string the safetensors format uses for this precision ("F32", "F64"). */
    public String safetensorsName() {
        return safetensorsName;
    }
}
