package dev.plumb.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.TextDecoding;

/** {@link DocumentFiles}: the documents {@code plumb predict} scores, from a folder or a list, and the bad inputs. */
class DocumentFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFlatFolderGivesItsFilesByNameSkippingDotfiles() throws IOException {
        Path inbox = dir.resolve("inbox");
        write(inbox.resolve("b.eml"), "second");
        write(inbox.resolve("a.eml"), "first");
        write(inbox.resolve(".DS_Store"), "junk");

        List<DocumentFiles.Named> files = DocumentFiles.inFolder(inbox);

        assertThat(files).containsExactly(new DocumentFiles.Named("a.eml", inbox.resolve("a.eml")),
                new DocumentFiles.Named("b.eml", inbox.resolve("b.eml")));
        DocumentFiles.Read read = DocumentFiles.read(files, TextFolderOptions.defaults());
        assertThat(read.texts()).containsExactly("first", "second");
        assertThat(read.decoding()).isEqualTo(new TextDecoding("UTF-8", "fail", 2, 0, 0));
    }

    @Test
    void theTrainingLayoutGivesEveryClassFoldersFilesNamedByTheirRelativePath() throws IOException {
        Path mail = dir.resolve("mail");
        write(mail.resolve("spam/1.txt"), "win");
        write(mail.resolve("ham/2.txt"), "hello");
        write(mail.resolve("ham/1.txt"), "hi");
        write(mail.resolve("README"), "about this folder");

        assertThat(DocumentFiles.inFolder(mail)).extracting(DocumentFiles.Named::name)
                .containsExactly("README", "ham/1.txt", "ham/2.txt", "spam/1.txt");
    }

    @Test
    void aListNamesFilesRelativeToItsOwnFolderOrAbsolute() throws IOException {
        write(dir.resolve("mail/a.eml"), "caf\u00e9");
        Path elsewhere = write(dir.resolve("other/b.eml"), "b");
        Path list = Files.writeString(dir.resolve("mail/list.txt"), "a.eml\r\n\n" + elsewhere.toAbsolutePath() + "\n");

        List<DocumentFiles.Named> files = DocumentFiles.listed(list);

        assertThat(files).extracting(DocumentFiles.Named::name).containsExactly("a.eml", elsewhere.toAbsolutePath().toString());
        assertThat(DocumentFiles.read(files, TextFolderOptions.defaults()).texts()).containsExactly("caf\u00e9", "b");
    }

    @Test
    void badInputsAreOneLineNamingTheInputAndTheFix() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        write(empty.resolve(".hidden"), "x");
        assertThatThrownBy(() -> DocumentFiles.inFolder(empty)).isInstanceOf(DataFileException.class)
                .hasMessage(empty + ": holds no documents (dotfiles are skipped); put the files to score in it, or in "
                        + "sub-folders of it");
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> DocumentFiles.inFolder(missing)).hasMessage(missing + ": no such directory; pass a "
                + "folder of documents to score (its files, or one sub-folder per class), or a list of their paths with "
                + "--document-list");
        assertThatThrownBy(() -> DocumentFiles.listed(missing))
                .hasMessage(missing + ": no such file; pass a text file naming one document per line");
        assertThatThrownBy(() -> DocumentFiles.listed(empty)).hasMessageStartingWith(empty + ": is a directory; the list is");

        Path deep = dir.resolve("deep");
        write(deep.resolve("a/b/c.txt"), "too deep");
        assertThatThrownBy(() -> DocumentFiles.inFolder(deep))
                .hasMessage(deep.resolve("a/b") + ": a folder two levels down in " + deep + "; documents are read from "
                        + "the folder and its sub-folders only. Move its files up or remove it");

        write(dir.resolve("l/one.txt"), "one");
        Files.createDirectories(dir.resolve("l/sub"));
        Path withDirectory = Files.writeString(dir.resolve("l/list.txt"), "one.txt\nsub\n");
        assertThatThrownBy(() -> DocumentFiles.listed(withDirectory))
                .hasMessage(withDirectory + ", line 2: 'sub' is a directory; list the files in it, one per line, or pass "
                        + "the folder with --data");
        Path withMissing = Files.writeString(dir.resolve("l/list2.txt"), "one.txt\n\ngone.txt\n");
        assertThatThrownBy(() -> DocumentFiles.listed(withMissing))
                .hasMessage(withMissing + ", line 3: 'gone.txt' does not exist (" + dir.resolve("l").toAbsolutePath()
                        .resolve("gone.txt") + "); fix the path or remove the line");
        Path blank = Files.writeString(dir.resolve("l/blank.txt"), "\n  \n");
        assertThatThrownBy(() -> DocumentFiles.listed(blank))
                .hasMessage(blank + ": names no documents; write one document path per line");
        Path binary = Files.write(dir.resolve("l/binary.txt"), new byte[] {(byte) 0xFF, 'x'});
        assertThatThrownBy(() -> DocumentFiles.listed(binary))
                .hasMessage(binary + ": not UTF-8 text; the list is a text file naming one document per line");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
