package dev.plumb.train;

import java.util.Optional;

/**
 * Where a {@link Trainer} keeps its {@link TrainingState} after every finished epoch, and finds it again to resume.
 * A run directory keeps one checkpoint file ({@link CheckpointFile}); {@link #NONE} keeps nothing.
 */
public interface Checkpoints {

    /** Keeps no checkpoint and never resumes. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public Optional<TrainingState> latest() {
            return Optional.empty();
        }

        @Override
        public void save(TrainingState state) {
        }
    };

    /** The state to resume from, if a run was checkpointed here before. */
    Optional<TrainingState> latest() throws java.io.IOException;

    /** Keeps {@code state}, replacing the previous one only once it is complete (a crash leaves one of the two). */
    void save(TrainingState state) throws java.io.IOException;
}
