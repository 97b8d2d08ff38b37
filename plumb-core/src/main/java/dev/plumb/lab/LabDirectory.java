package dev.plumb.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelFileException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where {@code plumb lab} writes: one directory per experiment holding {@code result.json} (the {@link LabResult}) and
 * its page, and {@code lab.html}, the index. This class owns the layout and the JSON; pages are the command line's.
 */
public record LabDirectory(Path root) {

    public static final String RESULT_FILE = "result.json";
    public static final String PAGE_FILE = "index.html";
    public static final String INDEX_FILE = "lab.html";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The directory of experiment {@code name}. */
    public Path experiment(String name) {
        return root.resolve(name);
    }

    /** Saves a result (atomically). */
    public void write(LabResult result) throws ModelFileException {
        directory(experiment(result.name()));
        AtomicFile.write(experiment(result.name()).resolve(RESULT_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }

    /** Reads the saved result of experiment {@code name}. */
    public LabResult read(String name) throws IOException {
        Path file = experiment(name).resolve(RESULT_FILE);
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), LabResult.class);
        } catch (JacksonException e) {
            throw new ModelFileException(file, "not a lab result: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes experiment {@code name}'s page. */
    public void writePage(String name, String html) throws ModelFileException {
        directory(experiment(name));
        AtomicFile.write(experiment(name).resolve(PAGE_FILE), html);
    }

    /** Writes the index. */
    public void writeIndex(String html) throws ModelFileException {
        directory(root);
        AtomicFile.write(root.resolve(INDEX_FILE), html);
    }

    private static void directory(Path dir) throws ModelFileException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelFileException(dir, "cannot create the directory (" + e.getMessage() + "); choose a writable --out", e);
        }
    }
}
