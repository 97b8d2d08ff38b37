package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves.json: what plumb curves writes reads back as the same curve and options. */
class CurvesDirectoryTest {

    @TempDir
    Path tmp;

    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", "digits");
        options.put("layers", "16");
        options.put("l2", "0.0");
        return options;
    }

    @Test
    void aLearningCurveReadsBackEqualWithItsOptionsInOrder() throws Exception {
        LearningCurve curve = new LearningCurve("digits", List.of(0.5, 1.0), List.of(539, 1078), List.of(0.01, 0.02),
                List.of(0.12, 0.07), 0.01, LearningCurve.verdict(List.of(0.01, 0.02), List.of(0.12, 0.07), 0.01));
        CurvesDirectory dir = new CurvesDirectory(tmp.resolve("new"));
        dir.write(options(), curve);

        CurvesDirectory.Saved saved = dir.read();
        assertThat(saved.learning()).isEqualTo(curve);
        assertThat(saved.validation()).isNull();
        assertThat(saved.options().keySet()).containsExactly("data", "layers", "l2");
        assertThat(Files.readString(dir.curves())).contains("\"kind\" : \"learning\"").contains("\"plumbVersion\"");
    }

    @Test
    void aValidationCurveReadsBackEqualShapeAndBestIncluded() throws Exception {
        ValidationCurve curve = ValidationCurve.of("digits", "l2", List.of("0", "1", "100"), List.of(0.0, 0.01, 0.2),
                List.of(0.08, 0.05, 0.22));
        assertThat(curve.uShaped()).isTrue();
        CurvesDirectory dir = new CurvesDirectory(tmp);
        dir.write(options(), curve);

        CurvesDirectory.Saved saved = dir.read();
        assertThat(saved.validation()).isEqualTo(curve);
        assertThat(saved.learning()).isNull();
    }

    @Test
    void aNonEmptyDirectoryOrAFileIsRefusedUnlessOverwrite() throws Exception {
        CurvesDirectory fresh = new CurvesDirectory(tmp.resolve("absent"));
        fresh.requireWritable(false);
        CurvesDirectory empty = new CurvesDirectory(Files.createDirectory(tmp.resolve("empty")));
        empty.requireWritable(false);

        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertThatThrownBy(() -> new CurvesDirectory(full).requireWritable(false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty").hasMessageContaining("--overwrite");
        new CurvesDirectory(full).requireWritable(true);

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> new CurvesDirectory(file).requireWritable(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is a file");
    }

    @Test
    void aMissingOrForeignFileSaysWhatToPass() throws Exception {
        assertThatThrownBy(() -> new CurvesDirectory(tmp).read()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no curves here");
        Files.writeString(tmp.resolve(CurvesDirectory.CURVES_FILE), "{\"kind\":\"run\"}");
        assertThatThrownBy(() -> new CurvesDirectory(tmp).read()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a curves record");
    }
}
