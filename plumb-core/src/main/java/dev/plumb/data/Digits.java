package dev.plumb.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The handwritten digits data set bundled with Plumb: 1,797 images of 8×8 pixels with intensities
 * 0–16, ten classes. It is the UCI "Optical Recognition of Handwritten Digits" test set as
 * distributed by scikit-learn (CC BY 4.0; see the README). One CSV row per image: 64 pixel values,
 * then the digit.
 */
public final class Digits {

    static final String RESOURCE = "/dev/plumb/data/digits.csv.gz";
    public static final int FEATURES = 64;
    public static final int EXAMPLES = 1797;

    private Digits() {
    }

    /** Loads the bundled digits in float32. */
    public static Dataset load() {
        return load(DType.FLOAT32);
    }

    public static Dataset load(DType dtype) {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("The bundled digits data (" + RESOURCE + ") is missing from the classpath; "
                        + "rebuild plumb-core");
            }
            return parse(new GZIPInputStream(raw), dtype);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled digits data " + RESOURCE, e);
        }
    }

    private static Dataset parse(InputStream in, DType dtype) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        List<double[]> rows = new ArrayList<>(EXAMPLES);
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != FEATURES + 1) {
                throw new IllegalStateException("Bundled digits data, line " + lineNo + ": " + cells.length
                        + " values, expected " + (FEATURES + 1));
            }
            double[] row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                row[j] = Double.parseDouble(cells[j]);
            }
            rows.add(row);
        }
        Matrix x = Matrix.zeros(dtype, rows.size(), FEATURES);
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            for (int j = 0; j < FEATURES; j++) {
                x.set(i, j, row[j]);
            }
            labels[i] = (int) row[FEATURES];
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return Dataset.classification("digits", x, labels, classes, List.of(), new ImageShape(8, 8, 1));
    }
}
