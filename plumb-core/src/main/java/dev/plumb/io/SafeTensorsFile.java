package dev.plumb.io;

import dev.plumb.tensor.Matrix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file as {@link SafeTensors#read} returns them.
 *
 * @param tensors  tensors by name, in the order their data appears in the file; unmodifiable. The
 *                 matrices are freshly allocated and belong to the caller.
 * @param metadata the free-form {@code __metadata__} string map, in file order, without the tensors' checksums
 *                 ({@code sha256:<name>}, which the reader has verified); unmodifiable, empty
 *                 when the file has none
 */
public record SafeTensorsFile(Map<String, Matrix> tensors, Map<String, String> metadata) {

    public SafeTensorsFile {
        // LinkedHashMap copies, because Map.copyOf would lose the file order
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
    }
}
