package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The exported file, run by ONNX Runtime's Java API, predicts what Plumb predicts: to 1e-5 on every test example of
 * models trained as {@code plumb train} trains them on the bundled digits, a CSV file and a folder of texts, in both
 * precisions, with every activation, every normalizer (and none), every loss, and a dropout layer (absent from the
 * file). Each model is run on all its test examples in one batch and on one example alone (the batch is dynamic).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxRuntimeAgreementTest {

    static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    static OrtEnvironment env;

    @BeforeAll
    static void runtime() {
        env = OrtEnvironment.getEnvironment();
    }

    Stream<TrainedModels.Trained> models() throws Exception {
        return TrainedModels.varied(dir).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void onnxRuntimePredictsWhatPlumbPredicts(TrainedModels.Trained trained) throws Exception {
        Path file = dir.resolve(trained.name().replaceAll("[^a-z0-9]+", "-") + ".onnx");
        OnnxExport.write(trained.model(), file);
        DType dtype = trained.model().network().dtype();
        Matrix features = trained.testFeatures().to(dtype);
        assertThat(features.rows()).as("test examples").isGreaterThan(10);
        Matrix expected = trained.model().predict(features);

        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            double[][] all = run(session, features);
            assertAgrees(all, expected, 0, trained.name() + ", all " + features.rows() + " test examples in one batch");
            for (int row : new int[] {0, features.rows() - 1}) {
                double[][] one = run(session, features.rowRange(row, row + 1));
                assertAgrees(one, expected, row, trained.name() + ", example " + row + " alone (batch 1)");
            }
        }
    }

    /** ONNX Runtime's output for {@code x}, as doubles. */
    static double[][] run(OrtSession session, Matrix x) throws OrtException {
        long[] shape = {x.rows(), x.cols()};
        try (OnnxTensor input = x.dtype() == DType.FLOAT32
                ? OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape)
                : OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.toDoubleArray()), shape);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            Object value = result.get(0).getValue();
            if (value instanceof float[][] f) {
                double[][] d = new double[f.length][];
                for (int i = 0; i < f.length; i++) {
                    d[i] = new double[f[i].length];
                    for (int j = 0; j < f[i].length; j++) {
                        d[i][j] = f[i][j];
                    }
                }
                return d;
            }
            return (double[][]) value;
        }
    }

    static void assertAgrees(double[][] actual, Matrix expected, int firstRow, String what) {
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as(what + ": width of row " + i).hasSize(expected.cols());
            for (int j = 0; j < actual[i].length; j++) {
                worst = Math.max(worst, Math.abs(actual[i][j] - expected.get(firstRow + i, j)));
            }
        }
        System.out.printf("%s: largest |ONNX Runtime − Plumb| = %.3g%n", what, worst);
        assertThat(worst).as(what + ": largest |ONNX Runtime − Plumb|").isLessThanOrEqualTo(TOLERANCE);
    }
}
