package dev.plumb.workflow;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.plumb.io.Utf8Text;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A run configuration file: a flat YAML map whose keys are the {@code plumb train} flags without their
 * dashes ({@code layers: 256,128} or {@code layers: [256, 128]}). Read into text options; written from them.
 */
public final class ConfigFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private ConfigFile() {
    }

    /** The file's options as text, for {@link RunSpec#parse}; every problem is one IllegalArgumentException naming the file. */
    public static Map<String, String> read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a directory, not a configuration file; pass the YAML file"
                    + " itself to --config (a run directory's is config.yaml)");
        }
        Object root;
        try {
            if (Files.size(file) > 1 << 20) {
                throw new IllegalArgumentException(file + ": larger than 1 MiB; a run configuration is a short YAML map");
            }
            root = YAML.readValue(Utf8Text.decode(Files.readAllBytes(file)), Object.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such configuration file; check the path given to --config");
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; save the configuration as UTF-8", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the configuration file: "
                    + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected a map of option: value (e.g. 'epochs: 20'), found "
                    + root.getClass().getSimpleName());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) { // early-stopping: {patience: 5, min-delta: 1e-4}
                v = nested.entrySet().stream().map(n -> n.getKey() + "=" + n.getValue()).collect(Collectors.joining(","));
            } else if (v instanceof List<?> list) {
                v = list.stream().map(String::valueOf).collect(Collectors.joining(","));
            }
            out.put(String.valueOf(e.getKey()), v == null ? "" : String.valueOf(v));
        }
        return out;
    }

    /** The text of a configuration file holding {@code options}, in their order. */
    public static String write(Map<String, String> options) {
        StringBuilder sb = new StringBuilder("# plumb train configuration: every option, defaults resolved.\n"
                + "# Repeat this run with: plumb train --config config.yaml\n");
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(e.getKey()).append(": ").append(quote(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    // Quote every value so YAML keeps it a string ("0.6,0.2,0.2", "off", "1e-4" stay as written).
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
