package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that never leave a half-written file, and leave nothing behind when they fail. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheTextAndReplacesAnOlderFile() throws Exception {
        Path file = Files.createDirectories(dir.resolve("sub")).resolve("config.yaml");
        AtomicFile.write(file, "first");
        AtomicFile.write(file, "second, longer ü");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("second, longer ü");
        assertThat(leftovers(file.getParent())).isEmpty();
    }

    @Test
    void aFailingWriterLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("run.json");
        AtomicFile.write(file, "previous");
        assertThatThrownBy(() -> AtomicFile.write(file, channel -> {
            AtomicFile.writeFully(channel, java.nio.ByteBuffer.wrap("half".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("disk full");
        })).isInstanceOf(ModelFileException.class).hasMessageContaining("run.json").hasMessageContaining("disk full")
                .hasMessageContaining("unchanged");
        assertThat(Files.readString(file)).isEqualTo("previous");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aMissingDirectoryIsOneClearErrorNamingTheFile() {
        Path file = dir.resolve("absent/predictions.csv");
        assertThatThrownBy(() -> AtomicFile.write(file, "x")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("predictions.csv").hasMessageContaining("no such file or directory")
                .hasMessageEndingWith("any previous file at this path is unchanged");
    }

    @Test
    void aDirectoryInTheWayIsOneClearError() throws Exception {
        Path blocked = Files.createDirectories(dir.resolve("report.html"));
        Files.writeString(blocked.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFile.write(blocked, "html")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("report.html");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void aLinkOrADeviceIsNeverReplaced() throws Exception {
        Path target = Files.writeString(dir.resolve("data.csv"), "a,b\n");
        Path link = Files.createSymbolicLink(dir.resolve("model.onnx"), target);
        assertThatThrownBy(() -> AtomicFile.write(link, "x")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is not a regular file (a symbolic link)");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("a,b\n");
        assertThatThrownBy(() -> AtomicFile.write(Path.of("/dev/null"), "x")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is not a regular file (a device or special file)");
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
        assertThat(leftovers(dir)).isEmpty();
    }

    private static java.util.List<Path> leftovers(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
