package dev.plumb.io;

import static dev.plumb.io.SafeTensorsHeader.MAX_ELEMENTS;
import static dev.plumb.io.SafeTensorsHeader.METADATA_KEY;
import static dev.plumb.io.SafeTensorsHeader.shorten;

import dev.plumb.io.SafeTensorsHeader.Entry;
import dev.plumb.io.SafeTensorsHeader.Parsed;
import dev.plumb.tensor.DType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the JSON of one safetensors header into validated {@link Entry entries}: each entry's dtype,
 * shape and offsets are checked against each other here, before the layout check in
 * {@link SafeTensorsHeader} and before any tensor memory is allocated.
 *
 * <p>The header is walked token by token rather than bound to a tree, so that every problem — a
 * duplicate name (Jackson's own duplicate detection would report it without saying it is a tensor),
 * a missing field, a float where an integer belongs — gets its own message naming the tensor, and
 * nothing unexpected is skipped over. Every method consumes exactly its value or throws.
 */
final class SafeTensorsHeaderReader {

    private final Path file;
    private final JsonParser json;

    SafeTensorsHeaderReader(Path file, JsonParser json) {
        this.file = file;
        this.json = json;
    }

    Parsed readHeader() throws ModelFileException {
        JsonToken first = json.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw fail("header is " + describe(first) + ", expected a JSON object"
                    + " {\"<tensor name>\": {\"dtype\": ..., \"shape\": ..., \"data_offsets\": ...}, ...};"
                    + " the file is corrupt or not a safetensors file");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = json.currentName();
            if (METADATA_KEY.equals(key)) {
                if (metadata != null) {
                    throw fail("header has '" + METADATA_KEY + "' twice; the file is corrupt");
                }
                metadata = readMetadata();
            } else {
                if (entries.containsKey(key)) {
                    throw fail("duplicate tensor name '" + shorten(key) + "': it appears twice in the header;"
                            + " tensor names must be unique — the file is corrupt");
                }
                entries.put(key, readEntry(key));
            }
        }
        JsonToken after = json.nextToken();
        if (after != null) {
            throw fail("header has content after its JSON object (" + describe(after) + ");"
                    + " only space padding may follow — the file is corrupt");
        }
        List<Entry> inDataOrder = new ArrayList<>(entries.values());
        inDataOrder.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)
                .thenComparing(Entry::name));
        return new Parsed(inDataOrder, metadata == null ? Map.of() : metadata);
    }

    private Map<String, String> readMetadata() throws ModelFileException {
        JsonToken start = json.nextToken();
        if (start != JsonToken.START_OBJECT) {
            throw fail("'" + METADATA_KEY + "' is " + describe(start) + ", expected an object"
                    + " mapping strings to strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = json.currentName();
            if (metadata.containsKey(key)) {
                throw fail("'" + METADATA_KEY + "' has key '" + shorten(key) + "' twice; the file is corrupt");
            }
            JsonToken value = json.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw fail("'" + METADATA_KEY + "' key '" + shorten(key) + "' has " + describe(value)
                        + " as its value; metadata values must be strings");
            }
            metadata.put(key, json.getString());
        }
        return metadata;
    }

    private Entry readEntry(String name) throws ModelFileException {
        if (name.isEmpty()) {
            throw fail("a tensor has an empty name; tensor names must be non-empty");
        }
        JsonToken start = json.nextToken();
        if (start != JsonToken.START_OBJECT) {
            throw fail("tensor '" + shorten(name) + "' is described by " + describe(start)
                    + ", expected an object with dtype, shape and data_offsets");
        }
        String dtypeName = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = json.currentName();
            boolean repeated;
            switch (field) {
                case "dtype" -> {
                    repeated = dtypeName != null;
                    JsonToken value = json.nextToken();
                    if (value != JsonToken.VALUE_STRING) {
                        throw fail("tensor '" + shorten(name) + "': 'dtype' is " + describe(value)
                                + ", expected a string such as \"F32\"");
                    }
                    dtypeName = json.getString();
                }
                case "shape" -> {
                    repeated = shape != null;
                    shape = readNonNegativeIntegers(name, field, "dimensions");
                }
                case "data_offsets" -> {
                    repeated = offsets != null;
                    offsets = readNonNegativeIntegers(name, field, "offsets");
                }
                default -> throw fail("tensor '" + shorten(name) + "' has unknown field '" + shorten(field)
                        + "'; an entry has exactly dtype, shape and data_offsets");
            }
            if (repeated) {
                throw fail("tensor '" + shorten(name) + "' has '" + field + "' twice; the file is corrupt");
            }
        }
        requirePresent(name, "dtype", dtypeName);
        requirePresent(name, "shape", shape);
        requirePresent(name, "data_offsets", offsets);
        return entry(name, dtypeName, shape, offsets);
    }

    private void requirePresent(String tensor, String field, Object value) throws ModelFileException {
        if (value == null) {
            throw fail("tensor '" + shorten(tensor) + "' has no '" + field + "'; every tensor needs dtype,"
                    + " shape and data_offsets — the file is corrupt");
        }
    }

    private Entry entry(String name, String dtypeName, List<Long> shape, List<Long> offsets)
            throws ModelFileException {
        DType dtype = Arrays.stream(DType.values())
                .filter(d -> d.safetensorsName().equals(dtypeName)).findFirst()
                .orElseThrow(() -> fail("tensor '" + shorten(name) + "' has unsupported dtype '" + shorten(dtypeName)
                        + "'; Plumb reads " + supportedDtypes() + " — convert the tensor to float32"
                        + " or float64 before saving it"));
        if (shape.size() > 2) {
            throw fail("tensor '" + shorten(name) + "' has shape " + shorten(shape.toString()) + " (rank "
                    + shape.size() + "); Plumb reads tensors of rank 0, 1 or 2 — reshape it to 2-D before saving it");
        }
        if (offsets.size() != 2) {
            throw fail("tensor '" + shorten(name) + "': 'data_offsets' is " + shorten(offsets.toString())
                    + ", expected exactly"
                    + " two integers [begin, end]");
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw fail("tensor '" + shorten(name) + "': data_offsets " + offsets + " end before they begin;"
                    + " the header is corrupt");
        }
        long elements = 1;
        long bytes;
        try {
            for (long dim : shape) {
                elements = Math.multiplyExact(elements, dim);
            }
            bytes = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException e) {
            throw fail("tensor '" + shorten(name) + "': shape " + shape + " is too large: its size in bytes"
                    + " overflows a 64-bit integer; the header is corrupt");
        }
        if (bytes != end - begin) {
            throw fail("size mismatch: tensor '" + shorten(name) + "' of dtype " + dtypeName + " and shape "
                    + shape + " needs " + bytes + " bytes but its data_offsets " + offsets + " span "
                    + (end - begin) + " bytes; the header is corrupt");
        }
        long rows = shape.size() == 2 ? shape.get(0) : 1;
        long cols = shape.isEmpty() ? 1 : shape.get(shape.size() - 1);
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw fail("tensor '" + shorten(name) + "' has shape " + shape + ": a dimension exceeds "
                    + Integer.MAX_VALUE + ", the most rows or columns a Plumb matrix can have");
        }
        if (elements > MAX_ELEMENTS) {
            throw fail("tensor '" + shorten(name) + "' has " + elements + " elements, more than the "
                    + MAX_ELEMENTS + " a Plumb matrix can hold — split it into smaller tensors before saving it");
        }
        return new Entry(name, dtype, List.copyOf(shape), (int) rows, (int) cols, begin, end);
    }

    private List<Long> readNonNegativeIntegers(String tensor, String field, String what)
            throws ModelFileException {
        JsonToken start = json.nextToken();
        if (start != JsonToken.START_ARRAY) {
            throw fail("tensor '" + shorten(tensor) + "': '" + field + "' is " + describe(start)
                    + ", expected an array of non-negative integers");
        }
        List<Long> values = new ArrayList<>();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw fail("tensor '" + shorten(tensor) + "': '" + field + "' contains " + describe(token)
                        + ", expected only non-negative integers");
            }
            if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail("tensor '" + shorten(tensor) + "': '" + field + "' contains "
                        + shorten(json.getString()) + ", which is larger than any file can be; the header is corrupt");
            }
            long value = json.getLongValue();
            if (value < 0) {
                throw fail("tensor '" + shorten(tensor) + "': '" + field + "' contains negative value "
                        + value + "; " + what + " must be non-negative integers — the header is corrupt");
            }
            values.add(value);
        }
        return values;
    }

    /** The current token, for messages: "a JSON array", "the number 2.5". */
    private String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_OBJECT -> "a JSON object";
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "the string \"" + shorten(json.getString()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(json.getString());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + json.getString();
            case VALUE_NULL -> "null";
            default -> "the token " + token;
        };
    }

    private ModelFileException fail(String problem) {
        return new ModelFileException(file, problem);
    }

    private static String supportedDtypes() {
        return Arrays.stream(DType.values()).map(DType::safetensorsName).collect(Collectors.joining(" and "));
    }
}
