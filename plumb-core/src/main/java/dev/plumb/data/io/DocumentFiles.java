package dev.plumb.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.plumb.data.TextDecoding;

/**
 * Documents to score, without labels: the files of a folder, or the files a list names. Each keeps a name for the
 * output — its path relative to the folder, or its line in the list — so a prediction can be matched to its file.
 *
 * <ul>
 *   <li>A folder: every regular file directly in it and in its sub-folders one level down (so both a plain folder of
 *       files and the training layout, one sub-folder per class, are read), sorted by relative path with '/' between
 *       folder and file. Entries whose name starts with a dot are skipped; a folder two levels down is an error, as in
 *       training, since documents nobody sees are a quiet loss. A folder with no documents is an error.</li>
 *   <li>A list: a UTF-8 text file with one path per line; a relative path is taken from the list's own folder (so the
 *       list moves with the files), blank lines are skipped. Each path must be a regular file; an empty list is an
 *       error.</li>
 * </ul>
 */
public final class DocumentFiles {

    private static final Comparator<Path> BY_NAME = Comparator.comparing(p -> p.getFileName().toString());

    private DocumentFiles() {
    }

    /** A document file and the name it is reported under. */
    public record Named(String name, Path file) {
    }

    /** Documents read as text, in the order given, and how their bytes became text. */
    public record Read(List<String> names, List<String> texts, TextDecoding decoding) {
        public Read {
            names = List.copyOf(names);
            texts = List.copyOf(texts);
        }
    }

    /** The document files under {@code root}, named by their path relative to it. */
    public static List<Named> inFolder(Path root) throws DataFileException {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, (Files.exists(root) ? "not a directory" : "no such directory")
                    + "; pass a folder of documents to score (its files, or one sub-folder per class), or a list of their "
                    + "paths with --document-list");
        }
        List<Named> documents = new ArrayList<>();
        for (Path entry : entries(root)) {
            if (Files.isDirectory(entry)) {
                for (Path inner : entries(entry)) {
                    if (Files.isDirectory(inner)) {
                        throw new DataFileException(inner, "a folder two levels down in " + root + "; documents are read "
                                + "from the folder and its sub-folders only. Move its files up or remove it");
                    }
                    documents.add(new Named(entry.getFileName() + "/" + inner.getFileName(), regular(inner)));
                }
            } else {
                documents.add(new Named(entry.getFileName().toString(), regular(entry)));
            }
        }
        if (documents.isEmpty()) {
            throw new DataFileException(root, "holds no documents (dotfiles are skipped); put the files to score in it, "
                    + "or in sub-folders of it");
        }
        documents.sort(Comparator.comparing(Named::name));
        return List.copyOf(documents);
    }

    /** The document files {@code list} names, one per line, each named as written. */
    public static List<Named> listed(Path list) throws DataFileException {
        if (!Files.isRegularFile(list)) {
            throw new DataFileException(list, Files.isDirectory(list) ? "is a directory; the list is a text file naming "
                    + "one document per line (pass a folder with --data instead)" : "no such file; pass a text file naming one "
                    + "document per line");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(list)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataFileException(list, "not UTF-8 text; the list is a text file naming one document per line", e);
        } catch (IOException e) {
            throw new DataFileException(list, "cannot be read: " + e, e);
        }
        Path base = list.toAbsolutePath().getParent();
        List<Named> documents = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            Path file;
            try {
                file = base.resolve(line.strip());
            } catch (InvalidPathException e) {
                throw new DataFileException(list, "line " + (i + 1), "'" + line.strip() + "' is not a path (" + e.getReason()
                        + "); write one document path per line", e);
            }
            if (!Files.isRegularFile(file)) {
                throw new DataFileException(list, "line " + (i + 1), "'" + line.strip() + "' " + (Files.isDirectory(file)
                        ? "is a directory; list the files in it, one per line, or pass the folder with --data"
                        : "does not exist (" + file + "); fix the path or remove the line"), null);
            }
            documents.add(new Named(line.strip(), file));
        }
        if (documents.isEmpty()) {
            throw new DataFileException(list, "names no documents; write one document path per line");
        }
        return List.copyOf(documents);
    }

    /** Reads {@code files} as {@link TextFolderReader} reads a document, counting the bytes replaced. */
    public static Read read(List<Named> files, TextFolderOptions options) throws DataFileException {
        List<String> names = new ArrayList<>(files.size());
        List<String> texts = new ArrayList<>(files.size());
        int replacedDocuments = 0;
        long replacedSequences = 0;
        for (Named named : files) {
            TextFolderReader.Document document = TextFolderReader.decodeDocument(named.file(), options);
            names.add(named.name());
            texts.add(document.text());
            replacedDocuments += document.sequencesReplaced() > 0 ? 1 : 0;
            replacedSequences += document.sequencesReplaced();
        }
        return new Read(names, texts, TextFolderReader.decoding(options, files.size(), replacedDocuments, replacedSequences));
    }

    private static Path regular(Path file) throws DataFileException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "not a regular file (a broken link or a device); remove it");
        }
        return file;
    }

    private static List<Path> entries(Path dir) throws DataFileException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted(BY_NAME).toList();
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list the folder: " + e, e);
        } catch (UncheckedIOException e) {
            throw new DataFileException(dir, "cannot list the folder: " + e.getCause(), e.getCause());
        }
    }
}
