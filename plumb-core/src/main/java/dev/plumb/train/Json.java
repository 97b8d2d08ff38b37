package dev.plumb.train;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON objects of callbacks' checkpoint state. */
final class Json {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Json() {
    }

    /** The object's fields; a malformed text is an IllegalArgumentException saying so. */
    static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Invalid callback state in the checkpoint: " + e.getOriginalMessage(), e);
        }
    }
}
