package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Why this module exists: the core stays free of protobuf. Neither plumb-core's POM nor its sources mention it, and in
 * this module only the generated package and {@code OnnxExport} touch the generated classes.
 */
class ModuleBoundaryTest {

    private static final Path CORE = Path.of("..", "plumb-core");

    @Test
    void theCoreDoesNotDependOnProtobuf() throws IOException {
        assertThat(Files.readString(CORE.resolve("pom.xml"))).doesNotContain("protobuf");
        List<Path> offenders = javaFiles(CORE.resolve("src").resolve("main")).stream()
                .filter(f -> read(f).contains("com.google.protobuf") || read(f).contains("dev.plumb.onnx"))
                .toList();
        assertThat(offenders).as("core sources that use protobuf or the ONNX module").isEmpty();
    }

    @Test
    void onlyTheExporterAndTheImporterUseTheGeneratedClasses() throws IOException {
        List<String> users = javaFiles(Path.of("src", "main", "java")).stream()
                .filter(f -> read(f).contains("dev.plumb.onnx.proto"))
                .map(f -> f.getFileName().toString())
                .toList();
        assertThat(users).containsExactlyInAnyOrder("OnnxExport.java", "OnnxImport.java");
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
