package dev.plumb.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelFileException;
import dev.plumb.io.PlumbVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The directory {@code plumb curves} writes, and its only writer and reader: {@code curves.json} (the curve — a
 * {@link LearningCurve} or a {@link ValidationCurve} — with every option of the spec it was measured with, defaults
 * resolved) and {@code curves.html} (the page, rendered by the caller). Both are written atomically.
 *
 * @param root the directory
 */
public record CurvesDirectory(Path root) {

    public static final String CURVES_FILE = "curves.json";
    public static final String PAGE_FILE = "curves.html";

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** What curves.json holds: the options of the spec and exactly one of the two curves. */
    public record Saved(Map<String, String> options, LearningCurve learning, ValidationCurve validation) {
        public Saved {
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
            if ((learning == null) == (validation == null)) {
                throw new IllegalArgumentException("A curves record holds exactly one curve, a learning or a validation curve");
            }
        }
    }

    public Path curves() {
        return root.resolve(CURVES_FILE);
    }

    public Path page() {
        return root.resolve(PAGE_FILE);
    }

    /**
     * Checks, before anything is trained, that the curves can go here: a directory that does not exist yet or is empty,
     * or with {@code overwrite} any directory (its curves.json and curves.html are then replaced, other files left
     * alone). A file, or a non-empty directory without {@code overwrite}, is refused with one line saying what to do.
     */
    public void requireWritable(boolean overwrite) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("Invalid curves directory " + root + ": it is a file; choose another --out");
        }
        if (!overwrite && Files.isDirectory(root) && !isEmpty(root)) {
            throw new IllegalArgumentException("Curves directory " + root + " is not empty; pass --overwrite to write "
                    + CURVES_FILE + " and " + PAGE_FILE + " into it anyway, or choose another --out");
        }
    }

    /** Writes curves.json: a learning curve and the options of the spec it was measured with. */
    public void write(Map<String, String> options, LearningCurve curve) throws ModelFileException {
        write("learning", options, JSON.valueToTree(curve));
    }

    /** Writes curves.json: a validation curve and the options of the spec it was measured with. */
    public void write(Map<String, String> options, ValidationCurve curve) throws ModelFileException {
        write("validation", options, JSON.valueToTree(curve));
    }

    /** Writes curves.html. */
    public void writePage(String html) throws ModelFileException {
        createRoot();
        AtomicFile.write(page(), html);
    }

    /** Reads curves.json back; a missing or malformed file is an IllegalArgumentException that says so. */
    public Saved read() throws IOException {
        try {
            JsonNode tree = JSON.readTree(Files.readString(curves(), StandardCharsets.UTF_8));
            Map<String, String> options = new LinkedHashMap<>();
            tree.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asString()));
            String kind = tree.path("kind").asString("");
            JsonNode curve = tree.path("curve");
            return switch (kind) {
                case "learning" -> new Saved(options, JSON.treeToValue(curve, LearningCurve.class), null);
                case "validation" -> new Saved(options, null, JSON.treeToValue(curve, ValidationCurve.class));
                default -> throw new IllegalArgumentException(curves() + ": not a curves record (kind '" + kind
                        + "'); pass a directory written by plumb curves");
            };
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(curves() + ": no curves here; pass a directory written by plumb curves");
        } catch (JacksonException e) {
            throw new IllegalArgumentException(curves() + ": not a valid curves record: " + e.getOriginalMessage(), e);
        }
    }

    private void write(String kind, Map<String, String> options, JsonNode curve) throws ModelFileException {
        ObjectNode tree = JSON.createObjectNode();
        tree.put("plumbVersion", PlumbVersion.VERSION);
        tree.put("kind", kind);
        ObjectNode opts = tree.putObject("options");
        options.forEach(opts::put);
        tree.set("curve", curve);
        createRoot();
        AtomicFile.write(curves(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    private void createRoot() throws ModelFileException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new ModelFileException(root, "cannot create the curves directory (" + e.getMessage()
                    + "); choose a writable --out", e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid curves directory " + dir + ": cannot read it (" + e.getMessage()
                    + "); choose another --out");
        }
    }
}
