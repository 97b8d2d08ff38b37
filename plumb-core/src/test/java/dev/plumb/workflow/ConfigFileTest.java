package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading config.yaml: every problem names the file; the text must be UTF-8. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void aConfigurationThatIsNotUtf8NamesTheFileTheOffsetAndTheFix() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.write(file, "epochs: 3\ndata: donn\u00e9es.csv\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ConfigFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": not UTF-8 text (byte offset 20): the byte 0xE9 on line 2 cannot be read as UTF-8"
                        + " — the file is in another encoding (such as Latin-1 or UTF-16) or is not text; save the"
                        + " configuration as UTF-8");
    }

    @Test
    void utf8WithAByteOrderMarkReads() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.write(file, "\uFEFFepochs: 3\ndata: \"donn\u00e9es.csv\"\n".getBytes(StandardCharsets.UTF_8));

        assertThat(ConfigFile.read(file)).containsEntry("epochs", "3").containsEntry("data", "donn\u00e9es.csv");
    }

    @Test
    void aDirectoryAndAMissingFileAreNamed() {
        assertThatThrownBy(() -> ConfigFile.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir + ": is a directory, not a configuration file");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("nope.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir.resolve("nope.yaml") + ": no such configuration file");
    }
}
