package dev.plumb.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.CsvOptions.Task;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvReader#read}: values are checked against the text each test writes (the reference is the
 * numbers in the file, parsed independently with {@link Float#parseFloat} / {@link Double#parseDouble}),
 * and every bad file is one {@link DataFileException} whose full message names the file, the line and
 * the column.
 */
class CsvReaderTest {

    @TempDir
    Path dir;

    // ---- the example -----------------------------------------------------------------------

    @Test
    void fiveRowFileWithABadRowNamesTheFileLineAndColumn() throws IOException {
        Path file = write("mail.csv", """
                subject_len,links,label
                12,0,ham
                40,7,spam
                15,1,ham
                33,7x,spam
                8,0,ham
                """);

        assertThatThrownBy(() -> CsvReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 5: column 'links' holds '7x', which is not a number; fix the value, "
                        + "or leave the column out with --drop-columns 'links'")
                .satisfies(e -> {
                    assertThat(((DataFileException) e).file()).isEqualTo(file);
                    assertThat(((DataFileException) e).location()).isEqualTo("line 5");
                });
    }

    // ---- happy paths ---------------------------------------------------------------------------------

    @Test
    void stringLabelsAreNumberedLexicographically() throws IOException {
        String[][] rows = {
                {"12", "0.5", "spam"},
                {"40", "-7.25", "ham"},
                {"15", "1e-3", "spam"},
                {"33", "2", "ham"},
                {"8", ".5", "spam"},
        };
        Path file = write("mail.csv", csv("subject_len,links,label", rows));

        CsvData data = CsvReader.read(file);

        Dataset d = data.dataset();
        assertThat(d.name()).isEqualTo("mail.csv");
        assertThat(d.classNames()).containsExactly("ham", "spam");
        assertThat(data.classIndex()).containsExactly(Map.entry("ham", 0), Map.entry("spam", 1));
        assertThat(d.labels()).containsExactly(1, 0, 1, 0, 1);
        assertThat(d.featureNames()).containsExactly("subject_len", "links");
        assertThat(d.features().dtype()).isEqualTo(DType.FLOAT32);
        assertFeatures(d.features(), rows, 0, 1);
        // one-hot targets: row i has a 1 in column labels[i]
        assertThat(d.targets().toDoubleArray()).containsExactly(0, 1, 1, 0, 0, 1, 1, 0, 0, 1);
        assertThat(data.rowsRead()).isEqualTo(5);
        assertThat(data.rowsDropped()).isZero();
    }

    @Test
    void labelOrderDependsOnlyOnTheSetOfLabels() throws IOException {
        Path a = write("a.csv", "x,label\n1,spam\n2,ham\n3,Eggs\n");
        Path b = write("b.csv", "x,label\n1,ham\n2,Eggs\n3,spam\n");

        // String.compareTo: upper case sorts before lower case
        assertThat(CsvReader.read(a).dataset().classNames()).containsExactly("Eggs", "ham", "spam");
        assertThat(CsvReader.read(b).dataset().classNames()).containsExactly("Eggs", "ham", "spam");
        assertThat(CsvReader.read(a).dataset().labels()).containsExactly(2, 1, 0);
    }

    @Test
    void integerLabelsAreNumberedInNumericOrder() throws IOException {
        Path file = write("digits.csv", "x,digit\n1,10\n2,2\n3,-1\n4,2\n5,10\n6,9\n");

        CsvData data = CsvReader.read(file);

        assertThat(data.dataset().classNames()).containsExactly("-1", "2", "9", "10");
        assertThat(data.dataset().labels()).containsExactly(3, 1, 0, 1, 3, 2);
        assertThat(data.classIndex()).containsEntry("10", 3);
    }

    @Test
    void decimalLabelsAreNumericButMixedLabelsLexicographic() throws IOException {
        Path decimals = write("decimals.csv", "x,y\n1,10.0\n2,2.0\n3,0.5\n4,2\n");
        Path mixed = write("mixed.csv", "x,y\n1,10\n2,9\n3,x\n");

        // "2" and "2.0" are different names with the same value: ordered lexicographically
        assertThat(CsvReader.read(decimals).dataset().classNames()).containsExactly("0.5", "2", "2.0", "10.0");
        assertThat(CsvReader.read(mixed).dataset().classNames()).containsExactly("10", "9", "x");
    }

    @Test
    void labelByIndex() throws IOException {
        String[][] rows = {{"b", "1", "2"}, {"a", "3", "4"}, {"b", "5", "6"}};
        Path file = write("first.csv", csv("kind,p,q", rows));

        CsvData data = CsvReader.read(file, CsvOptions.defaults().withLabelIndex(0));

        assertThat(data.dataset().featureNames()).containsExactly("p", "q");
        assertThat(data.dataset().classNames()).containsExactly("a", "b");
        assertThat(data.dataset().labels()).containsExactly(1, 0, 1);
        assertFeatures(data.dataset().features(), rows, 1, 2);
    }

    @Test
    void featureSubsetByNameInTheGivenOrderIgnoresOtherColumns() throws IOException {
        String[][] rows = {
                {"1", "free money", "0.5", "7", "3.25", "spam"},
                {"2", "lunch?", "1.5", "8", "-1", "ham"},
                {"3", "n/a", "2.5", "9", "0", "ham"},
        };
        Path file = write("mail.csv", csv("id,text,a,b,c,label", rows));

        CsvData data = CsvReader.read(file, CsvOptions.classification("label").withFeatureColumns("c", "a"));

        assertThat(data.dataset().featureNames()).containsExactly("c", "a");
        assertFeatures(data.dataset().features(), rows, 4, 2);
    }

    @Test
    void regressionTargetFromANamedColumnInFloat64() throws IOException {
        String[][] rows = {
                {"0.1", "199000.5", "3"},
                {"0.2", "-12.125", "4"},
                {"0.30000000000000004", "1e5", "5"},
        };
        Path file = write("houses.csv", csv("a,price,b", rows));

        CsvData data = CsvReader.read(file, CsvOptions.regression("price").withDtype(DType.FLOAT64));

        Dataset d = data.dataset();
        assertThat(d.isClassification()).isFalse();
        assertThat(d.classNames()).isEmpty();
        assertThat(data.classIndex()).isEmpty();
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.features().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.targets().shapeString()).isEqualTo("3x1");
        for (int i = 0; i < rows.length; i++) {
            assertThat(d.targets().get(i, 0)).isEqualTo(Double.parseDouble(rows[i][1]));
            assertThat(d.features().get(i, 0)).isEqualTo(Double.parseDouble(rows[i][0]));
            assertThat(d.features().get(i, 1)).isEqualTo(Double.parseDouble(rows[i][2]));
        }
    }

    @Test
    void gzipInputIsRecognizedByItsMagicBytes() throws IOException {
        String[][] rows = {{"1.5", "2", "yes"}, {"3", "4.5", "no"}};
        String text = csv("a,b,label", rows);
        Path gz = dir.resolve("data.csv.gz");
        Files.write(gz, gzip(text));
        Path gzipWithoutExtension = dir.resolve("data.csv");
        Files.write(gzipWithoutExtension, gzip(text));
        Path plainNamedGz = write("plain.csv.gz", text);

        for (Path file : List.of(gz, gzipWithoutExtension, plainNamedGz)) {
            CsvData data = CsvReader.read(file);
            assertThat(data.dataset().classNames()).as(file.toString()).containsExactly("no", "yes");
            assertFeatures(data.dataset().features(), rows, 0, 1);
        }
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        Path file = write("quoted.csv", """
                "size, in cm",note,"label"
                "1.5","says ""hi"", twice",cat
                2.5,"two
                lines",dog
                "3.5",plain,"cat, big"
                4.5,x y z,dog
                """);

        CsvData data = CsvReader.read(file, CsvOptions.classification("label").withFeatureColumns("size, in cm"));

        assertThat(data.dataset().featureNames()).containsExactly("size, in cm");
        assertThat(data.dataset().features().toDoubleArray()).containsExactly(1.5, 2.5, 3.5, 4.5);
        assertThat(data.dataset().classNames()).containsExactly("cat", "cat, big", "dog");
        assertThat(data.dataset().labels()).containsExactly(0, 2, 1, 2);
        assertThat(data.rowsRead()).isEqualTo(4);
    }

    @Test
    void aRowIsReportedAtTheLineWhereItStartsAfterAMultiLineField() throws IOException {
        Path file = write("quoted.csv", "x,note,label\n1,\"two\nlines\",a\n2,\"three\nmore\nlines\",b\nz,ok,a\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("x")))
                .hasMessageStartingWith(file + ", line 7: column 'x' holds 'z', which is not a number");
    }

    @Test
    void crlfLineEndings() throws IOException {
        String[][] rows = {{"1", "2", "spam"}, {"3", "4", "ham"}};
        Path file = write("windows.csv", csv("a,b,label", rows).replace("\n", "\r\n"));
        Path bad = write("bad.csv", "a,b,label\r\n1,2,spam\r\n3,?x,ham\r\n");

        CsvData data = CsvReader.read(file);

        assertThat(data.dataset().classNames()).containsExactly("ham", "spam"); // no "\r" left on the label
        assertFeatures(data.dataset().features(), rows, 0, 1);
        assertThatThrownBy(() -> CsvReader.read(bad))
                .hasMessageStartingWith(bad + ", line 3: column 'b' holds '?x', which is not a number");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(file, ("\uFEFFlabel,x\nα,1\nβ,2\n").getBytes(StandardCharsets.UTF_8));

        CsvData data = CsvReader.read(file, CsvOptions.classification("label"));

        assertThat(data.dataset().featureNames()).containsExactly("x");
        assertThat(data.dataset().classNames()).containsExactly("α", "β");
    }

    @Test
    void otherDelimitersBlankLinesAndSpacesAroundValues() throws IOException {
        Path semicolons = write("semi.csv", "a;b;label\n1,5;2;x\n");
        Path tabs = write("tabs.tsv", " a \t b \t label \n\n 1.5 \t 2 \t x \n\n3\t4\ty\n\n");

        assertThatThrownBy(() -> CsvReader.read(semicolons, CsvOptions.defaults().withDelimiter(';')))
                .hasMessage(semicolons + ", line 2: column 'a' holds '1,5', which is not a number (a decimal comma: "
                        + "numbers need a decimal point, 1.5); fix the value, or leave the column out with --drop-columns 'a'");
        CsvData data = CsvReader.read(tabs, CsvOptions.classification("label").withDelimiter('\t'));
        assertThat(data.dataset().featureNames()).containsExactly("a", "b");
        assertThat(data.dataset().features().toDoubleArray()).containsExactly(1.5, 2, 3, 4);
        assertThat(data.dataset().classNames()).containsExactly("x", "y");
        assertThat(data.rowsRead()).isEqualTo(2);
    }

    @Test
    void allowMissingDropsRowsWithAMissingValueAndCountsThem() throws IOException {
        String[][] rows = {
                {"1", "2", "a"},
                {"", "3", "b"},
                {"4", "NA", "a"},
                {"5", "6", "b"},
                {"nan", "7", "a"},
                {"8", "?", "b"},
                {"9", "N/A", "a"},
                {"10", "null", "b"},
                {"11", "12", ""},
                {"13", "14", "a"},
        };
        Path file = write("holes.csv", csv("x,y,label", rows));

        CsvData data = CsvReader.read(file, CsvOptions.defaults().withAllowMissing(true));

        assertThat(data.rowsRead()).isEqualTo(10);
        assertThat(data.rowsDropped()).isEqualTo(7);
        assertThat(data.dataset().size()).isEqualTo(3);
        assertFeatures(data.dataset().features(), new String[][]{rows[0], rows[3], rows[9]}, 0, 1);
        assertThat(data.dataset().labels()).containsExactly(0, 1, 0);
    }

    @Test
    void allowMissingDropsRowsWithAMissingRegressionTarget() throws IOException {
        Path file = write("holes.csv", "x,y\n1,2\n3,NaN\n4,\n5,6\n");

        CsvData data = CsvReader.read(file, CsvOptions.regression("y").withAllowMissing(true));

        assertThat(data.rowsDropped()).isEqualTo(2);
        assertThat(data.dataset().targets().toDoubleArray()).containsExactly(2, 6);
        assertThat(data.dataset().features().toDoubleArray()).containsExactly(1, 5);
    }

    @Test
    void aMalformedValueIsAnErrorEvenInARowThatWouldBeDropped() throws IOException {
        Path file = write("holes.csv", "x,y,label\n1,2,a\n,abc,b\n3,4,b\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withAllowMissing(true)))
                .hasMessageStartingWith(file + ", line 3: column 'y' holds 'abc', which is not a number");
    }

    @Test
    void naIsAClassNameNotAMissingLabel() throws IOException {
        Path file = write("regions.csv", "x,region\n1,NA\n2,EU\n");

        assertThat(CsvReader.read(file).dataset().classNames()).containsExactly("EU", "NA");
    }

    @Test
    void float64KeepsValuesBeyondTheFloat32Range() throws IOException {
        Path file = write("big.csv", "x,label\n1e39,a\n-2.5e300,b\n");

        CsvData data = CsvReader.read(file, CsvOptions.defaults().withDtype(DType.FLOAT64));

        assertThat(data.dataset().features().toDoubleArray()).containsExactly(1e39, -2.5e300);
    }

    @Test
    void manyRowsLoadWithoutSurprises() throws IOException {
        // 100,000 rows x 10 features (1M values): quadratic growth would show as a hang, not a slow test.
        // Values are multiples of 1/8, exact in float32, so the column sums are exact.
        int rows = 100_000;
        int cols = 10;
        Path file = dir.resolve("large.csv");
        double[] expectedColumnSums = new double[cols];
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < cols; j++) {
                line.append('f').append(j).append(',');
            }
            out.write(line.append("label\n").toString());
            for (int i = 0; i < rows; i++) {
                line.setLength(0);
                for (int j = 0; j < cols; j++) {
                    double v = ((i * 31 + j * 7) % 1000) / 8.0;
                    expectedColumnSums[j] += v;
                    line.append(v).append(',');
                }
                out.write(line.append(i % 3).append('\n').toString());
            }
        }

        CsvData data = CsvReader.read(file);

        float[] x = data.dataset().features().toFloatArray();
        assertThat(data.dataset().features().shapeString()).isEqualTo(rows + "x" + cols);
        double[] sums = new double[cols];
        for (int i = 0; i < x.length; i++) {
            sums[i % cols] += x[i];
        }
        assertThat(sums).containsExactly(expectedColumnSums);
        assertThat(data.dataset().classNames()).containsExactly("0", "1", "2");
        assertThat(data.dataset().labels()[rows - 1]).isEqualTo((rows - 1) % 3);
    }

    // ---- errors: the file as a whole -------------------------------------------------------------------

    @Test
    void emptyFile() throws IOException {
        Path empty = write("empty.csv", "");
        Path blank = write("blank.csv", "\uFEFF\n\n");

        assertThatThrownBy(() -> CsvReader.read(empty)).isInstanceOf(DataFileException.class)
                .hasMessage(empty + ": the file is empty; expected a header row naming the columns, then one row per example");
        assertThatThrownBy(() -> CsvReader.read(blank)).hasMessageStartingWith(blank + ": the file is empty");
    }

    @Test
    void headerOnly() throws IOException {
        Path file = write("header.csv", "a,b,label\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ": has a header (line 1) but no data rows; add one row per example after the header");
    }

    @Test
    void everyRowDropped() throws IOException {
        Path file = write("holes.csv", "a,label\nNA,x\n,y\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withAllowMissing(true)))
                .hasMessage(file + ": all 2 data rows have a missing value and were dropped (--allow-missing); "
                        + "nothing is left to load — fill in the missing values");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> CsvReader.read(missing)).isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such file; check the path");
        assertThatThrownBy(() -> CsvReader.read(dir)).isInstanceOf(DataFileException.class)
                .hasMessage(dir + ": is a directory, expected a CSV file");
    }

    @Test
    void notUtf8() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "x,label\n1,caf\u00e9\n2,tea\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ": is not UTF-8 text: bytes ")
                .hasMessageEndingWith(" cannot be decoded; save the file as UTF-8");
    }

    @Test
    void truncatedGzip() throws IOException {
        StringBuilder text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 2000; i++) {
            text.append(i).append(',').append(i * 7 % 13).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        byte[] whole = gzip(text.toString());
        Path file = dir.resolve("cut.csv.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ": the gzip data ends early (after line ")
                .hasMessageEndingWith("): the file is truncated; copy or download it again");
    }

    @Test
    void singleClass() throws IOException {
        Path file = write("spam-only.csv", "x,label\n1,spam\n2,spam\n3,spam\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ": label column 'label' holds a single class, 'spam', in all 3 rows; classification "
                        + "needs at least 2 classes — check the label column, or pass --task regression if it is "
                        + "a number to predict");
    }

    @Test
    void singleClassLeftAfterDroppingRows() throws IOException {
        Path file = write("holes.csv", "x,label\n1,spam\nNA,ham\n3,spam\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withAllowMissing(true)))
                .hasMessageContaining("holds a single class, 'spam', in the 2 rows kept;");
    }

    // ---- errors: the header ---------------------------------------------------------------------------

    @Test
    void duplicateColumnNames() throws IOException {
        Path file = write("dup.csv", "a,b,a,label\n1,2,3,x\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: columns 0 and 2 (counting from 0) are both named 'a'; column names "
                        + "must be unique — rename one of them");
    }

    @Test
    void unknownLabelColumnListsTheAvailableOnes() throws IOException {
        Path file = write("mail.csv", "subject_len,links,Label\n1,2,x\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.classification("label")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: no label column named 'label' (did you mean 'Label'? names are "
                        + "case-sensitive); the header has 'subject_len', 'links', 'Label' — use one of these");
    }

    @Test
    void unknownFeatureColumn() throws IOException {
        Path file = write("mail.csv", "subject_len,links,label\n1,2,x\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("links", "words")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: no feature column named 'words'; the header has 'subject_len', "
                        + "'links', 'label' — use one of these");
    }

    @Test
    void labelIndexOutOfRange() throws IOException {
        Path file = write("mail.csv", "a,b,label\n1,2,x\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withLabelIndex(3)))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: label column index 3 is out of range: the header has 3 columns, "
                        + "index 0 to 2 ('a', 'b', 'label'); pass an index in range");
    }

    @Test
    void labelColumnAlsoListedAsAFeature() throws IOException {
        Path file = write("mail.csv", "a,b,label\n1,2,x\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("a", "label")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: column 'label' is the label (index 2) and is also listed in "
                        + "--columns; remove it from --columns or choose another --label");
        // by name, the options themselves are contradictory
        assertThatThrownBy(() -> CsvOptions.classification("label").withFeatureColumns("a", "label"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid options: the label column 'label' is also listed in featureColumns [a, label]. "
                        + "A column cannot be both the label and a feature; remove it from featureColumns.");
    }

    @Test
    void aHeaderOfOneColumnHintsAtTheDelimiter() throws IOException {
        Path file = write("semi.csv", "a;b;label\n1;2;x\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: the header has only 1 column ('a;b;label'); expected a label column and "
                        + "at least one feature column — the header contains ';', so the file looks separated by it: "
                        + "read it with --delimiter ';'");
    }

    @Test
    void anUnnamedColumnCannotBeAFeature() throws IOException {
        Path file = write("pandas.csv", ",a,label\n0,1.5,x\n1,2.5,y\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 1: column 0 (counting from 0) has no name in the header, but would be "
                        + "a feature; name it, or leave it out with --drop-columns 0 (a pandas index written "
                        + "by to_csv has no name: write with index=False)");
        assertThat(CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("a")).dataset().featureNames())
                .containsExactly("a");
    }

    // ---- errors: a row -----------------------------------------------------------------------------

    @Test
    void rowWithTooFewFields() throws IOException {
        Path file = write("short.csv", "a,b,c,label\n1,2,3,x\n4,5\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 3: 2 fields, but the header has 4 columns: column 'c' and the ones after "
                        + "it are missing; fix or remove the row (on the last line, this means the file was cut "
                        + "short: copy or download it again)");
    }

    @Test
    void rowWithTooManyFields() throws IOException {
        Path file = write("long.csv", "a,b,label\n1,2,x\n1,5,2,y\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 3: 4 fields, but the header has 3 columns ('a', 'b', 'label'); fix the "
                        + "row — a value that contains the delimiter ',' must be in double quotes");
    }

    @Test
    void aFileCutMidRowIsARaggedRow() throws IOException {
        String whole = "a,b,label\n1.5,2.5,x\n3.5,4.5,y\n";
        Path file = write("cut.csv", whole.substring(0, whole.indexOf("4.5")));

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 3: 2 fields, but the header has 3 columns: column 'label' is missing; "
                        + "fix or remove the row (on the last line, this means the file was cut short: copy or "
                        + "download it again)");
    }

    @Test
    void everyPrefixOfAFileLoadsOrFailsWithADataFileException() throws IOException {
        String whole = "\uFEFF\"a, 1\",b,label\r\n1.5,\"2\",\"x, y\"\r\n3.5,-4.5e1,z\r\n5,6,\"x, y\"\r\n";
        byte[] bytes = whole.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Path file = dir.resolve("prefix-" + cut + ".csv");
            Files.write(file, Arrays.copyOf(bytes, cut));
            Throwable thrown = catchThrowable(() -> CsvReader.read(file));
            assertThat(thrown).as("%d bytes", cut).satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(DataFileException.class)
                            .hasMessageStartingWith(file.toString()));
        }
        Path complete = dir.resolve("complete.csv");
        Files.write(complete, bytes);
        assertThat(CsvReader.read(complete).dataset().classNames()).containsExactly("x, y", "z");
    }

    @Test
    void unclosedQuoteIsReported() throws IOException {
        Path file = write("quote.csv", "a,b,label\n1,\"2,x\n3,4,y\n");

        assertThatThrownBy(() -> CsvReader.read(file)).isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 2: 2 fields, but the header has 3 columns: column 'label' is missing; "
                        + "fix or remove the row (on the last line, this means the file was cut short: copy or "
                        + "download it again)");
        Path value = write("quote2.csv", "a,b,label\n1,\"2\n");
        assertThatThrownBy(() -> CsvReader.read(value))
                .hasMessageStartingWith(value + ", line 2: 2 fields");
        Path number = write("quote3.csv", "a,label,b\n1,x,2\n3,y,\"4\n");
        assertThatThrownBy(() -> CsvReader.read(number, CsvOptions.classification("label")))
                .hasMessage(number + ", line 3: column 'b' holds '4\\n', which is not a number (it spans several "
                        + "lines: is a quote left unclosed?); fix the value, or leave the column out with --drop-columns 'b'");
        Path label = write("quote4.csv", "a,b,label\n1,2,x\n3,4,\"y\n");
        assertThatThrownBy(() -> CsvReader.read(label))
                .hasMessage(label + ", line 3: label column 'label' holds 'y\\n', which spans several lines: is a "
                        + "quote left unclosed? fix the row");
    }

    @Test
    void missingValuesAreErrorsByDefault() throws IOException {
        Path empty = write("empty-cell.csv", "a,b,label\n1,2,x\n3,,y\n");
        Path na = write("na.csv", "a,b,label\n1,NaN,x\n");
        Path label = write("no-label.csv", "a,b,label\n1,2,x\n3,4, \n");

        assertThatThrownBy(() -> CsvReader.read(empty)).isInstanceOf(DataFileException.class)
                .hasMessage(empty + ", line 3: column 'b' is empty; fill it in, or pass --allow-missing to drop "
                        + "rows with a missing value");
        assertThatThrownBy(() -> CsvReader.read(na)).isInstanceOf(DataFileException.class)
                .hasMessage(na + ", line 2: column 'b' holds 'NaN', a missing value; fill it in, or pass "
                        + "--allow-missing to drop rows with a missing value");
        assertThatThrownBy(() -> CsvReader.read(label)).isInstanceOf(DataFileException.class)
                .hasMessage(label + ", line 3: label column 'label' is empty; give every row a label, or pass "
                        + "--allow-missing to drop unlabeled rows");
    }

    @Test
    void infiniteValuesAreAlwaysErrors() throws IOException {
        Path infinity = write("inf.csv", "a,b,label\n1,-Infinity,x\n");
        Path overflow = write("overflow.csv", "a,b,label\n1,1e999,x\n");
        Path float32 = write("float32.csv", "a,b,label\n1,2,x\n3e38,4e38,y\n");

        assertThatThrownBy(() -> CsvReader.read(infinity, CsvOptions.defaults().withAllowMissing(true)))
                .isInstanceOf(DataFileException.class)
                .hasMessage(infinity + ", line 2: column 'b' holds '-Infinity', which is not a finite number; fix "
                        + "the value or remove the row");
        assertThatThrownBy(() -> CsvReader.read(overflow, CsvOptions.defaults().withDtype(DType.FLOAT64)))
                .hasMessage(overflow + ", line 2: column 'b' holds '1e999', which is too large for a 64-bit float; "
                        + "rescale the column");
        assertThatThrownBy(() -> CsvReader.read(float32))
                .hasMessage(float32 + ", line 3: column 'b' holds '4e38', which is too large for float32 (beyond "
                        + "±3.4e38); pass --dtype float64 or rescale the column");
    }

    @Test
    void numbersMustBePlainDecimals() throws IOException {
        // Double.parseDouble would take each of these
        for (String token : List.of("1d", "2.5f", "0x1p3")) {
            Path file = write("lenient.csv", "a,label\n" + token + ",x\n");
            assertThatThrownBy(() -> CsvReader.read(file)).as(token)
                    .hasMessageStartingWith(file + ", line 2: column 'a' holds '" + token + "', which is not a number");
        }
    }

    @Test
    void aLongBadValueIsCutInTheMessage() throws IOException {
        String junk = "x".repeat(100);
        Path file = write("junk.csv", "a,label\n" + junk + ",y\n");

        assertThatThrownBy(() -> CsvReader.read(file))
                .hasMessage(file + ", line 2: column 'a' holds '" + "x".repeat(40) + "…' (100 characters), which is "
                        + "not a number; fix the value, or leave the column out with --drop-columns 'a'");
    }

    @Test
    void regressionTargetMustBeNumeric() throws IOException {
        Path file = write("prices.csv", "rooms,price\n3,100000\n4,cheap\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.regression("price")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", line 3: label column 'price' holds 'cheap', which is not a number; regression "
                        + "needs a numeric target — fix the value, or pass --task classification if the labels "
                        + "are class names");
    }

    // ---- options -----------------------------------------------------------------------------------

    @Test
    void optionDefaultsAndWithMethods() {
        CsvOptions defaults = CsvOptions.defaults();
        assertThat(defaults.label()).isEqualTo(CsvOptions.LabelColumn.last());
        assertThat(defaults.featureColumns()).isEmpty();
        assertThat(defaults.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(defaults.delimiter()).isEqualTo(',');
        assertThat(defaults.allowMissing()).isFalse();
        assertThat(defaults.dtype()).isEqualTo(DType.FLOAT32);

        CsvOptions regression = CsvOptions.regression("price").withFeatureColumns("a", "b").withDelimiter(';');
        assertThat(regression.label()).isEqualTo(CsvOptions.LabelColumn.named("price"));
        assertThat(regression.task()).isEqualTo(Task.REGRESSION);
        assertThat(regression.featureColumns()).containsExactly("a", "b");
        assertThat(regression.withAllFeatureColumns().featureColumns()).isEmpty();
        assertThat(regression.withLabelIndex(2).label()).isEqualTo(CsvOptions.LabelColumn.at(2));
    }

    @Test
    void invalidOptionsNameTheArgument() {
        assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('"'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument delimiter: '\"'. Expected a character other than the quote "
                        + "'\"', CR or LF, e.g. ',', ';' or '\\t'.");
        assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('\n'))
                .hasMessageStartingWith("Invalid value for argument delimiter: '\\n'.");
        assertThatThrownBy(() -> CsvOptions.classification(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument label: ' '. Expected a column name from the header.");
        assertThatThrownBy(() -> CsvOptions.classification(" label"))
                .hasMessage("Invalid value for argument label: ' label'. Expected a column name without leading or "
                        + "trailing spaces (header names are read trimmed).");
        assertThatThrownBy(() -> CsvOptions.defaults().withLabelIndex(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument label index: -1. Expected an integer >= 0.");
        assertThatThrownBy(() -> CsvOptions.defaults().withFeatureColumns("a", "b", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument featureColumns: [a, b, a] lists 'a' twice. Expected distinct "
                        + "column names.");
        assertThatThrownBy(() -> CsvOptions.defaults().withFeatureColumns(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument featureColumns: []. Expected at least one column name; use "
                        + "withAllFeatureColumns() for every column except the label.");
    }

    // ---- choosing columns: by name or index, kept or dropped ----------------------------------------

    @Test
    void featureColumnsByNameOrIndexInTheOrderGiven() throws IOException {
        String[][] rows = {{"7", "1.5", "2.5", "x"}, {"8", "3.5", "4.5", "y"}};
        Path file = write("ids.csv", csv("id,a,b,label", rows));

        CsvData byIndex = CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("2", "a"));

        assertThat(byIndex.dataset().featureNames()).containsExactly("b", "a");
        assertFeatures(byIndex.dataset().features(), rows, 2, 1);
    }

    @Test
    void droppedColumnsAreLeftOutOfTheFeatures() throws IOException {
        String[][] rows = {{"7", "1.5", "x", "2.5"}, {"8", "3.5", "y", "4.5"}};
        Path file = write("ids.csv", csv("id,a,label,b", rows));

        CsvData byName = CsvReader.read(file, CsvOptions.classification("label").withDropColumns("id"));
        CsvData byIndex = CsvReader.read(file, CsvOptions.classification("label").withDropColumns("0"));

        assertThat(byName.dataset().featureNames()).containsExactly("a", "b");
        assertFeatures(byName.dataset().features(), rows, 1, 3);
        assertFeatures(byIndex.dataset().features(), rows, 1, 3);
        assertThat(byName.dataset().classNames()).containsExactly("x", "y");
    }

    @Test
    void aColumnNamedWithDigitsIsFoundByNameBeforeByIndex() throws IOException {
        String[][] rows = {{"1", "2", "3", "x"}, {"4", "5", "6", "y"}};
        Path file = write("digits-names.csv", csv("5,0,9,label", rows));

        // "0" is the second column's name; "2" names no column, so it is the third column by index
        CsvData data = CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("0", "2"));

        assertThat(data.dataset().featureNames()).containsExactly("0", "9");
    }

    @Test
    void badColumnChoicesNameTheFlag() throws IOException {
        Path file = write("ids.csv", "id,a,label\n1,2,x\n");

        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withDropColumns("2")))
                .hasMessage(file + ", line 1: column 'label' is the label and cannot be dropped; remove it from "
                        + "--drop-columns, or choose another --label");
        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withDropColumns("id", "a")))
                .hasMessage(file + ", line 1: no feature column is left: the header has 'id', 'a', 'label', and "
                        + "--drop-columns leaves out every column but the label; drop fewer columns");
        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("7")))
                .hasMessage(file + ", line 1: no feature column 7: the header has 3 columns, index 0 to 2 ('id', 'a', "
                        + "'label'); give a name from the header or an index in range");
        assertThatThrownBy(() -> CsvReader.read(file, CsvOptions.defaults().withFeatureColumns("a", "1")))
                .hasMessage(file + ", line 1: --columns names column 'a' twice (as 'a' and '1'); list each column once");
        assertThatThrownBy(() -> CsvOptions.classification("label").withDropColumns("label"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be dropped");
        assertThatThrownBy(() -> CsvOptions.defaults().withDropColumns("id").withFeatureColumns("a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are both given");
    }

    @Test
    void aTabSeparatedHeaderReadAsCommasSaysToPassTheDelimiter() throws IOException {
        Path file = write("tabs.tsv", "a\tb\tlabel\n1\t2\tx\n");

        assertThatThrownBy(() -> CsvReader.read(file))
                .hasMessage(file + ", line 1: the header has only 1 column ('a\\tb\\tlabel'); expected a label column "
                        + "and at least one feature column — the header contains tabs, so the file looks separated by "
                        + "tabs: read it with --delimiter tab");
        Path other = write("one.csv", "abc\n1\n");
        assertThatThrownBy(() -> CsvReader.read(other))
                .hasMessageEndingWith("if the file is separated by another character than ',', pass it with --delimiter "
                        + "(e.g. --delimiter ';' or --delimiter tab)");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String csv(String header, String[][] rows) {
        StringBuilder out = new StringBuilder(header).append('\n');
        for (String[] row : rows) {
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Feature column k of {@code x} holds column {@code columns[k]} of the written rows, read as float32. */
    private static void assertFeatures(Matrix x, String[][] rows, int... columns) {
        assertThat(x.rows()).isEqualTo(rows.length);
        assertThat(x.cols()).isEqualTo(columns.length);
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < columns.length; k++) {
                assertThat(x.get(i, k)).as("row %d, feature %d", i, k)
                        .isEqualTo((double) Float.parseFloat(rows[i][columns[k]]));
            }
        }
    }
}
