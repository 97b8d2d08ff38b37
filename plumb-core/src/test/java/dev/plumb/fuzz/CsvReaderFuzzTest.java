package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.CsvData;
import dev.plumb.data.io.CsvOptions;
import dev.plumb.data.io.CsvReader;
import dev.plumb.data.io.DataFileException;
import dev.plumb.tensor.DType;

/**
 * {@link CsvReader#read(Path, CsvOptions)}: any bytes are read, or rejected with a {@link DataFileException}
 * naming the file ("never an index or parse exception"), under each of a few option sets — the defaults (last
 * column a class label, ',' , float32), ';' as delimiter, a regression target with missing values allowed in
 * float64, and no label. A file that is read gives a data set whose matrices agree with its row count.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/CsvReaderFuzzTestInputs/read/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='CsvReaderFuzzTest#read'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class CsvReaderFuzzTest {

    private static final ReaderContract CONTRACT = ReaderContract.of("CsvReader.read", DataFileException.class);

    private static final List<CsvOptions> OPTIONS = List.of(
            CsvOptions.defaults(),
            CsvOptions.defaults().withDelimiter(';'),
            CsvOptions.defaults().withTask(CsvOptions.Task.REGRESSION).withAllowMissing(true).withDtype(DType.FLOAT64),
            CsvOptions.defaults().withLabel(CsvOptions.LabelColumn.none()));

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        Path file = work.resolve("data.csv");
        Files.write(file, input);
        for (CsvOptions options : OPTIONS) {
            CsvData read = CONTRACT.readOrReject(file, input.length, () -> CsvReader.read(file, options));
            if (read != null) {
                Dataset data = read.dataset();
                assertThat(data.features().rows()).as("rows read with %s", options)
                        .isEqualTo(read.rowsRead() - read.rowsDropped())
                        .isEqualTo(data.targets().rows())
                        .isPositive();
            }
        }
    }
}
