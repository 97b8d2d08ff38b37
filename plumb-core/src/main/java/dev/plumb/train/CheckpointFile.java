package dev.plumb.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.io.ModelFileException;
import dev.plumb.io.PlumbVersion;
import dev.plumb.io.SafeTensors;
import dev.plumb.io.SafeTensorsFile;
import dev.plumb.tensor.Matrix;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's checkpoint as one safetensors file: the tensors (parameters, optimizer state, callbacks' tensors) under
 * prefixed names, and the rest (epoch, history, how training stopped, callbacks' JSON) in its metadata. Written
 * atomically by {@link SafeTensors#write} (temporary file, fsync, rename), so the previous checkpoint stays valid
 * until the new one is complete, and a crash leaves one of the two, never a mixture.
 */
public final class CheckpointFile implements Checkpoints {

    static final String FORMAT = "plumb-checkpoint";
    static final int FORMAT_VERSION = 1;

    private static final String PARAMETER = "parameter/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String CALLBACK = "callback/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    public CheckpointFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<TrainingState> latest() throws IOException {
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    @Override
    public void save(TrainingState state) throws IOException {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        state.parameters().forEach((name, m) -> tensors.put(PARAMETER + name, m));
        state.optimizer().forEach((name, m) -> tensors.put(OPTIMIZER + name, m));
        Map<String, String> callbackJson = new LinkedHashMap<>();
        state.callbacks().forEach((key, s) -> {
            callbackJson.put(key, s.json());
            s.tensors().forEach((name, m) -> tensors.put(CALLBACK + key + "/" + name, m));
        });
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format-version", String.valueOf(FORMAT_VERSION));
        metadata.put("plumb", PlumbVersion.VERSION);
        metadata.put("epoch", String.valueOf(state.epoch()));
        metadata.put("history", JSON.writeValueAsString(state.history()));
        metadata.put("callbacks", JSON.writeValueAsString(callbackJson));
        if (state.stopped()) {
            metadata.put("stopped-outcome", state.stoppedOutcome().name());
            metadata.put("stopped-reason", state.stoppedReason());
        }
        SafeTensors.write(file, tensors, metadata);
    }

    /** Reads a checkpoint; anything that is not one Plumb wrote is a {@link ModelFileException} naming the file. */
    public static TrainingState read(Path file) throws ModelFileException {
        SafeTensorsFile contents = SafeTensors.read(file);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, "is not a Plumb checkpoint (no \"format\": \"" + FORMAT + "\" in its metadata)");
        }
        if (!String.valueOf(FORMAT_VERSION).equals(meta.get("format-version"))) {
            throw new ModelFileException(file, "is a checkpoint of format " + meta.get("format-version") + "; this Plumb "
                    + PlumbVersion.VERSION + " reads format " + FORMAT_VERSION + ". Resume it with the Plumb that wrote it");
        }
        try {
            int epoch = Integer.parseInt(String.valueOf(meta.get("epoch")));
            List<EpochLogs> history = JSON.readValue(require(file, meta, "history"), new TypeReference<List<EpochLogs>>() { });
            Map<String, String> callbackJson = JSON.readValue(require(file, meta, "callbacks"),
                    new TypeReference<Map<String, String>>() { });
            Map<String, Matrix> parameters = new LinkedHashMap<>();
            Map<String, Matrix> optimizer = new LinkedHashMap<>();
            Map<String, Map<String, Matrix>> callbackTensors = new LinkedHashMap<>();
            callbackJson.keySet().forEach(k -> callbackTensors.put(k, new LinkedHashMap<>()));
            for (Map.Entry<String, Matrix> e : contents.tensors().entrySet()) {
                String name = e.getKey();
                if (name.startsWith(PARAMETER)) {
                    parameters.put(name.substring(PARAMETER.length()), e.getValue());
                } else if (name.startsWith(OPTIMIZER)) {
                    optimizer.put(name.substring(OPTIMIZER.length()), e.getValue());
                } else if (name.startsWith(CALLBACK) && name.indexOf('/', CALLBACK.length()) > 0) {
                    int slash = name.indexOf('/', CALLBACK.length());
                    Map<String, Matrix> owner = callbackTensors.get(name.substring(CALLBACK.length(), slash));
                    if (owner == null) {
                        throw new ModelFileException(file, "tensor '" + name + "' belongs to no callback listed in the metadata");
                    }
                    owner.put(name.substring(slash + 1), e.getValue());
                } else {
                    throw new ModelFileException(file, "tensor '" + name + "' is not part of a Plumb checkpoint");
                }
            }
            Map<String, CallbackState> callbacks = new LinkedHashMap<>();
            callbackJson.forEach((k, json) -> callbacks.put(k, new CallbackState(callbackTensors.get(k), json)));
            String outcome = meta.get("stopped-outcome");
            return new TrainingState(epoch, history, outcome == null ? null : TrainingOutcome.valueOf(outcome),
                    meta.get("stopped-reason"), parameters, optimizer, callbacks);
        } catch (JacksonException e) {
            throw new ModelFileException(file, "corrupt checkpoint metadata: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) { // a number, an outcome or the state's own checks
            throw new ModelFileException(file, "corrupt checkpoint: " + e.getMessage(), e);
        }
    }

    private static String require(Path file, Map<String, String> meta, String key) throws ModelFileException {
        String value = meta.get(key);
        if (value == null) {
            throw new ModelFileException(file, "checkpoint metadata has no \"" + key + "\"");
        }
        return value;
    }
}
