package dev.plumb.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IOUtils;

import dev.plumb.io.ModelFileException;
import dev.plumb.train.CheckpointFile;
import dev.plumb.train.Checkpoints;
import dev.plumb.train.TrainingState;

/**
 * A run's checkpoints in a directory of any file system Hadoop reaches — {@code hdfs://}, {@code s3a://},
 * {@code file://} — where a cluster's driver keeps them, so that a driver killed with its machine can be resumed from
 * another. Each checkpoint is the core's {@link CheckpointFile}, written as {@code checkpoint-<epoch>.safetensors}
 * under a temporary name and renamed into place when complete (object stores have no atomic replace, but a new name
 * needs none); the two newest are kept. {@link #latest} reads the newest that is complete and valid, so a write cut
 * short by a crash costs one epoch, never the run.
 */
public final class HadoopCheckpoints implements Checkpoints {

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.safetensors");
    private static final int KEEP = 2;

    private final org.apache.hadoop.fs.Path directory;
    private final FileSystem fs;

    /**
     * @param directory where the checkpoints go (created when missing)
     * @param conf      Hadoop's configuration (Spark's: {@code sparkContext().hadoopConfiguration()})
     */
    public HadoopCheckpoints(URI directory, Configuration conf) throws IOException {
        this.directory = new org.apache.hadoop.fs.Path(directory);
        this.fs = this.directory.getFileSystem(conf);
        fs.mkdirs(this.directory);
    }

    @Override
    public Optional<TrainingState> latest() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : checkpoints()) {
            Path local = Files.createTempFile("plumb-checkpoint", ".safetensors");
            try {
                fs.copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(local.toUri()), true);
                return Optional.of(CheckpointFile.read(local));
            } catch (IOException e) { // cut short or damaged (a checksum file system says so first): the one before it is complete
                failures.add(e);
            } finally {
                Files.deleteIfExists(local);
            }
        }
        if (!failures.isEmpty()) {
            throw new ModelFileException(Path.of(directory.toString()), "holds no readable checkpoint: "
                    + failures.get(0).getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void save(TrainingState state) throws IOException {
        Path local = Files.createTempFile("plumb-checkpoint", ".safetensors");
        try {
            new CheckpointFile(local).save(state);
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(directory,
                    "checkpoint-" + state.epoch() + ".safetensors");
            org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(directory,
                    ".checkpoint-" + state.epoch() + ".safetensors.partial");
            try (var in = Files.newInputStream(local); var out = fs.create(partial, true)) {
                IOUtils.copyBytes(in, out, 1 << 16);
            }
            fs.delete(target, false);
            if (!fs.rename(partial, target)) {
                throw new IOException("Cannot rename " + partial + " to " + target + " in " + fs.getUri());
            }
        } finally {
            Files.deleteIfExists(local);
        }
        List<org.apache.hadoop.fs.Path> all = checkpoints();
        for (int i = KEEP; i < all.size(); i++) {
            fs.delete(all.get(i), false);
        }
    }

    /** The checkpoints here, newest (highest epoch) first. */
    List<org.apache.hadoop.fs.Path> checkpoints() throws IOException {
        List<FileStatus> found = new ArrayList<>();
        if (fs.exists(directory)) {
            for (FileStatus s : fs.listStatus(directory)) {
                if (s.isFile() && NAME.matcher(s.getPath().getName()).matches()) {
                    found.add(s);
                }
            }
        }
        found.sort(Comparator.comparingInt((FileStatus s) -> epoch(s.getPath().getName())).reversed());
        return found.stream().map(FileStatus::getPath).toList();
    }

    private static int epoch(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Where the checkpoints are. */
    public URI directory() {
        return directory.toUri();
    }
}
