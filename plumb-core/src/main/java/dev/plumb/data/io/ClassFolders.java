package dev.plumb.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout both folder readers share: a root directory with one sub-folder per class, one example
 * per file.
 *
 * <ul>
 *   <li>Class names are the sub-folder names, sorted by {@link String#compareTo} (the class index is the
 *       position in that order); examples are listed class by class, files sorted by name the same way,
 *       so the same folder always gives the same rows in the same order.</li>
 *   <li>Entries whose name starts with a dot ({@code .DS_Store}, {@code .git}) are skipped everywhere.</li>
 *   <li>Regular files directly under the root (a README, a LICENSE) are not examples and are ignored.</li>
 *   <li>A folder inside a class folder is an error rather than silently skipped or merged: examples
 *       nobody sees are a quiet loss of data.</li>
 *   <li>At least two classes, and no empty class folder.</li>
 * </ul>
 */
final class ClassFolders {

    /** One class: its name (the folder name), its folder and its example files in sorted order. */
    record ClassFolder(String name, Path folder, List<Path> files) {
    }

    private static final Comparator<Path> BY_NAME = Comparator.comparing(p -> p.getFileName().toString());

    private ClassFolders() {
    }

    /** The class folders under {@code root}, sorted by name, each with its sorted example files. */
    static List<ClassFolder> list(Path root, String kind) throws DataFileException {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, Files.exists(root)
                    ? "not a directory; expected a folder with one sub-folder of " + kind + " per class"
                    : "no such directory");
        }
        List<ClassFolder> classes = new ArrayList<>();
        for (Path folder : sortedEntries(root)) {
            if (!Files.isDirectory(folder)) {
                continue; // a README or LICENSE next to the class folders
            }
            List<Path> files = new ArrayList<>();
            for (Path entry : sortedEntries(folder)) {
                if (Files.isDirectory(entry)) {
                    throw new DataFileException(entry, "a folder inside class folder '" + folder.getFileName()
                            + "'; nested folders are not read. Move its " + kind + " up into the class folder or remove it");
                }
                if (!Files.isRegularFile(entry)) {
                    throw new DataFileException(entry, "not a regular file (a broken link or a device); remove it");
                }
                files.add(entry);
            }
            if (files.isEmpty()) {
                throw new DataFileException(folder, "class folder '" + folder.getFileName() + "' holds no " + kind
                        + "; add some or remove the folder");
            }
            classes.add(new ClassFolder(folder.getFileName().toString(), folder, List.copyOf(files)));
        }
        if (classes.size() < 2) {
            String found = classes.size() == 1 ? "1 class folder ('" + classes.get(0).name() + "')" : "0 class folders";
            throw new DataFileException(root, found + "; expected at least 2, one sub-folder of " + kind + " per class");
        }
        return List.copyOf(classes);
    }

    /** Entries of {@code dir} without dotfiles, sorted by name. */
    private static List<Path> sortedEntries(Path dir) throws DataFileException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted(BY_NAME).toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new DataFileException(dir, "disappeared or is not a directory while being listed", e);
        } catch (IOException e) {
            throw new DataFileException(dir, "cannot list the folder: " + e, e);
        } catch (UncheckedIOException e) { // an error while iterating the listing
            throw new DataFileException(dir, "cannot list the folder: " + e.getCause(), e.getCause());
        }
    }
}
