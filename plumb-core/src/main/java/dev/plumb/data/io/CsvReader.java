package dev.plumb.data.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import de.siegmar.fastcsv.reader.CsvRecord;
import dev.plumb.data.Dataset;
import dev.plumb.data.io.CsvOptions.Task;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Reads a CSV file with a header row into a {@link Dataset}: one example per row, the label (or
 * regression target) from one column, the features from others (see {@link CsvOptions}).
 *
 * <p><b>The file.</b> UTF-8 text (an initial byte-order mark is skipped), gzip-compressed or not: a file
 * that starts with the gzip magic bytes is decompressed whatever its name. Fields follow RFC 4180:
 * a field in double quotes may hold the delimiter, quotes (doubled) and line breaks; lines end in LF or
 * CRLF. The first non-blank line is the header, naming every column; blank lines are skipped.
 * Spaces and tabs around names and values are ignored. Lines are counted from 1, the header included,
 * and a row is reported at the line where it starts.
 *
 * <p><b>Values.</b> Features and regression targets are plain decimal numbers ({@code 3}, {@code -0.5},
 * {@code 1e-3}); anything else is an error, and so is a missing value (see
 * {@link CsvOptions#allowMissing()}) or an infinite one. Class labels are strings; they are numbered
 * in this order: <em>if every label is a decimal number, by increasing numeric value</em> ("2" before
 * "10", "-1" before "1"); <em>otherwise lexicographically</em> by {@link String#compareTo} (so
 * "ham" = 0, "spam" = 1, and "B" before "a"). The numbering depends only on the set of labels, never
 * on the order of the rows.
 *
 * <p><b>Errors.</b> Every problem is one {@link DataFileException} naming the file, the line, the
 * column and the value — a row with the wrong number of fields (also what a file cut off mid-row
 * gives), a value that is not a number, a missing or infinite value, an empty file, a header without
 * data rows, duplicate or unknown column names, a label that is also a feature, a classification label
 * with a single class — and never an index or parse exception. (A file cut off inside its last value
 * but with every field present cannot be told from a complete one.)
 *
 * <p><b>Cost.</b> The file is streamed once; values go into growable primitive arrays (float for
 * float32) and the matrices are built once at the end, so time and memory are linear in the file.
 */
public final class CsvReader {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int INITIAL_ROWS = 1024;

    private final Path file;
    private final CsvOptions options;
    /** The last line parsed; an I/O error raised while reading ahead happened after it. */
    private long lastLine;

    private CsvReader(Path file, CsvOptions options) {
        this.file = file;
        this.options = options;
    }

    /** Reads {@code file} with {@link CsvOptions#defaults()}: the last column is the class label. */
    public static CsvData read(Path file) throws DataFileException {
        return read(file, CsvOptions.defaults());
    }

    /**
     * Reads {@code file} as {@code options} say.
     *
     * @throws DataFileException if the file is missing, unreadable or not valid as described above
     */
    public static CsvData read(Path file, CsvOptions options) throws DataFileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory, expected a CSV file");
        }
        CsvReader reader = new CsvReader(file, options);
        try (Reader text = openText(file);
             de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv = de.siegmar.fastcsv.reader.CsvReader.builder()
                     .fieldSeparator(options.delimiter())
                     // ragged rows are reported by load(), with the line and the missing column
                     .allowExtraFields(true)
                     .allowMissingFields(true)
                     .ofCsvRecord(text)) {
            return reader.load(csv.iterator());
        } catch (DataFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file; check the path", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw reader.readFailure(e);
        } catch (RuntimeException e) { // FastCSV wraps I/O errors (UncheckedIOException) and parse errors
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException io) {
                    throw reader.readFailure(io);
                }
            }
            if (e instanceof de.siegmar.fastcsv.reader.CsvParseException) {
                throw new DataFileException(file, "cannot parse the CSV after line " + reader.lastLine + ": "
                        + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")
                        + "; check the quoting of that row", e);
            }
            throw e;
        }
    }

    /** UTF-8 text, gunzipped when the file starts with the gzip magic bytes, without a byte-order mark. */
    private static Reader openText(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream bytes = gzip ? new GZIPInputStream(buffered, BUFFER_BYTES) : buffered;
            // REPORT, not the default replacement: bytes that are not UTF-8 must fail, not turn into '?'
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            PushbackReader text = new PushbackReader(new InputStreamReader(bytes, utf8), 1);
            int first = text.read();
            if (first != -1 && first != '\uFEFF') {
                text.unread(first);
            }
            return text;
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private DataFileException readFailure(IOException e) {
        String where = lastLine == 0 ? "at the start" : "after line " + lastLine;
        if (e instanceof EOFException) {
            return new DataFileException(file, "the gzip data ends early (" + where
                    + "): the file is truncated; copy or download it again", e);
        }
        if (e instanceof ZipException) {
            return new DataFileException(file, "the gzip data is corrupt (" + where + ": " + e.getMessage()
                    + "); copy or download the file again", e);
        }
        if (e instanceof CharacterCodingException) {
            return new DataFileException(file, "is not UTF-8 text: bytes " + where
                    + " cannot be decoded; save the file as UTF-8", e);
        }
        return new DataFileException(file, "cannot be read (" + where + "): " + e.getMessage(), e);
    }

    private CsvData load(Iterator<CsvRecord> records) throws DataFileException {
        if (!records.hasNext()) {
            throw new DataFileException(file, "the file is empty; expected a header row naming the columns, "
                    + "then one row per example");
        }
        CsvRecord header = records.next();
        lastLine = header.getStartingLineNumber();
        long headerLine = lastLine;
        CsvColumns columns = CsvColumns.resolve(file, headerLine, header.getFields(), options);
        int[] features = columns.features();
        boolean unlabeled = columns.label() < 0;
        boolean classification = options.task() == Task.CLASSIFICATION && !unlabeled;

        ValueBuffer x = new ValueBuffer(options.dtype(), INITIAL_ROWS * features.length);
        ClassLabels classes = classification ? new ClassLabels() : null;
        ValueBuffer targets = classification || unlabeled ? null : new ValueBuffer(options.dtype(), INITIAL_ROWS);
        double[] row = new double[features.length];
        double[] target = new double[1];
        int read = 0;
        int kept = 0;
        while (records.hasNext()) {
            CsvRecord record = records.next();
            long line = record.getStartingLineNumber();
            lastLine = line;
            if (record.getFieldCount() != columns.width()) {
                throw ragged(record, columns);
            }
            if (read == Integer.MAX_VALUE) {
                throw at(line, "more than " + Integer.MAX_VALUE + " data rows; split the file");
            }
            read++;
            // every cell is checked, even in a row that will be dropped: a malformed value is never skipped
            boolean complete = true;
            for (int k = 0; k < features.length; k++) {
                row[k] = number(record, features[k], line, columns, false);
                complete &= !Double.isNaN(row[k]);
            }
            String label = null;
            if (classification) {
                label = CsvValues.trim(record.getField(columns.label()));
                if (label.isEmpty()) {
                    if (!options.allowMissing()) {
                        throw at(line, "label column " + columns.describe(columns.label()) + " is empty; give every "
                                + "row a label, or pass --allow-missing to drop unlabeled rows");
                    }
                    complete = false;
                } else if (label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
                    throw at(line, "label column " + columns.describe(columns.label()) + " holds "
                            + CsvValues.quote(label) + ", which spans several lines: is a quote left unclosed? "
                            + "fix the row");
                }
            } else if (!unlabeled) {
                target[0] = number(record, columns.label(), line, columns, true);
                complete &= !Double.isNaN(target[0]);
            }
            if (!complete) {
                continue;
            }
            if ((long) (kept + 1) * features.length > ValueBuffer.MAX_VALUES) {
                throw at(line, "too many values: " + (kept + 1) + " rows of " + features.length
                        + " features exceed the " + ValueBuffer.MAX_VALUES + " elements a matrix can hold; "
                        + "use fewer columns (--columns or --drop-columns) or split the file");
            }
            x.append(row, features.length);
            if (classification) {
                classes.add(label);
            } else if (!unlabeled) {
                targets.append(target, 1);
            }
            kept++;
        }
        return build(columns, headerLine, x, classes, targets, read, kept);
    }

    private CsvData build(CsvColumns columns, long headerLine, ValueBuffer x, ClassLabels classes,
                          ValueBuffer targets, int read, int kept) throws DataFileException {
        if (read == 0) {
            throw new DataFileException(file, "has a header (line " + headerLine + ") but no data rows; "
                    + "add one row per example after the header");
        }
        if (kept == 0) {
            throw new DataFileException(file, "all " + read + " data rows have a missing value and were dropped "
                    + "(--allow-missing); nothing is left to load — fill in the missing values");
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Matrix features = x.toMatrix(kept, columns.features().length);
        String rows = kept == read ? "all " + kept + " rows" : "the " + kept + " rows kept";
        if (columns.label() < 0) {
            Dataset data = new Dataset(name, features, Matrix.zeros(features.dtype(), kept, 0), null, List.of(),
                    columns.featureNames(), null, dev.plumb.data.Role.UNSPLIT);
            return new CsvData(data, Map.of(), read, read - kept);
        }
        if (classes == null) {
            Dataset data = Dataset.regression(name, features, targets.toMatrix(kept, 1), columns.featureNames());
            return new CsvData(data, Map.of(), read, read - kept);
        }
        String label = "label column " + columns.describe(columns.label());
        int k = classes.classCount();
        if (k < 2) {
            throw new DataFileException(file, label + " holds a single class, " + CsvValues.quote(classes.someName())
                    + ", in " + rows + "; classification needs at least 2 classes — check the label column, "
                    + "or pass --task regression if it is a number to predict");
        }
        if ((long) kept * k > ValueBuffer.MAX_VALUES) {
            throw new DataFileException(file, label + " holds " + k + " distinct values in " + rows + ": their "
                    + kept + "x" + k + " one-hot targets are too large for a matrix; if the label is a number "
                    + "to predict, pass --task regression");
        }
        List<String> classNames = classes.classNames();
        Map<String, Integer> classIndex = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            classIndex.put(classNames.get(c), c);
        }
        Dataset data = Dataset.classification(name, features, classes.labels(classNames), classNames,
                columns.featureNames(), null);
        return new CsvData(data, classIndex, read, read - kept);
    }

    /**
     * The number in a cell, in the options' precision. A missing value, when allowed, is returned as
     * NaN: no NaN can come from the file itself, since a "NaN" value is read as missing.
     */
    private double number(CsvRecord record, int column, long line, CsvColumns columns, boolean isLabel)
            throws DataFileException {
        String raw = record.getField(column);
        String value = CsvValues.trim(raw);
        String what = (isLabel ? "label column " : "column ") + columns.describe(column);
        if (CsvValues.isDecimal(value)) {
            // float32 parses the text directly: rounding through double first could differ in the last bit
            double v = options.dtype() == DType.FLOAT32 ? Float.parseFloat(value) : Double.parseDouble(value);
            if (Double.isInfinite(v)) {
                throw at(line, what + " holds " + CsvValues.quote(value) + ", which is too large for "
                        + (options.dtype() == DType.FLOAT32 ? "float32 (beyond ±3.4e38); pass --dtype float64 or"
                        : "a 64-bit float;") + " rescale the column");
            }
            return v;
        }
        if (CsvValues.isMissing(value)) {
            if (options.allowMissing()) {
                return Double.NaN;
            }
            throw at(line, what + (value.isEmpty() ? " is empty" : " holds " + CsvValues.quote(value) + ", a missing value")
                    + "; fill it in, or pass --allow-missing to drop rows with a missing value");
        }
        if (CsvValues.isInfinity(value)) {
            throw at(line, what + " holds " + CsvValues.quote(value) + ", which is not a finite number; "
                    + "fix the value or remove the row");
        }
        String openQuote = raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0
                ? " (it spans several lines: is a quote left unclosed?)"
                : value.matches("[+-]?\\d+,\\d+") ? " (a decimal comma: numbers need a decimal point, " + value.replace(',', '.') + ")"
                : "";
        throw at(line, what + " holds " + CsvValues.quote(value) + ", which is not a number" + openQuote + "; "
                + (isLabel ? "regression needs a numeric target — fix the value, or pass --task classification "
                + "if the labels are class names" : "fix the value, or leave the column out with --drop-columns "
                + CsvValues.quote(columns.names().get(column))));
    }

    private DataFileException ragged(CsvRecord record, CsvColumns columns) {
        int fields = record.getFieldCount();
        int width = columns.width();
        String count = fields + (fields == 1 ? " field" : " fields") + ", but the header has " + width + " columns";
        if (fields < width) {
            return at(record.getStartingLineNumber(), count + ": column " + columns.describe(fields)
                    + (fields + 1 < width ? " and the ones after it are" : " is") + " missing; fix or remove the row "
                    + "(on the last line, this means the file was cut short: copy or download it again)");
        }
        return at(record.getStartingLineNumber(), count + " (" + CsvValues.listNames(columns.names())
                + "); fix the row — a value that contains the delimiter "
                + CsvValues.quote(String.valueOf(options.delimiter())) + " must be in double quotes");
    }

    private DataFileException at(long line, String problem) {
        return new DataFileException(file, "line " + line, problem, null);
    }
}
