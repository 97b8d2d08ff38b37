/**
 * Fuzz tests of every reader of the core, with <a href="https://github.com/CodeIntelligenceTesting/jazzer">Jazzer</a>'s
 * JUnit integration ({@code com.code-intelligence:jazzer-junit}, on the project's JUnit 6).
 *
 * <table>
 *   <caption>One {@code @FuzzTest} per reader</caption>
 *   <tr><th>test</th><th>reader</th><th>typed exception</th></tr>
 *   <tr><td>{@link dev.plumb.fuzz.SafeTensorsFuzzTest}</td><td>{@code SafeTensors.read}</td><td>{@code ModelFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.ModelBundleFuzzTest}</td><td>{@code ModelBundle.load}</td><td>{@code ModelFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.CsvReaderFuzzTest}</td><td>{@code CsvReader.read}</td><td>{@code DataFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.IdxReaderFuzzTest} (plain and gzip)</td><td>{@code IdxReader}</td><td>{@code DataFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.ImageFolderReaderFuzzTest}</td><td>{@code ImageFolderReader.read}</td><td>{@code DataFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.TextFolderReaderFuzzTest}</td><td>{@code TextFolderReader.read}</td><td>{@code DataFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.DocumentListFuzzTest}</td><td>{@code DocumentFiles.listed}</td><td>{@code DataFileException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.ConfigFileFuzzTest}</td><td>{@code ConfigFile.read}, {@code RunSpec.parse}</td><td>{@code IllegalArgumentException}</td></tr>
 *   <tr><td>{@link dev.plumb.fuzz.RunRecordFuzzTest}</td><td>{@code RunRecord.read}, {@code fromJson}</td><td>{@code IllegalArgumentException}</td></tr>
 * </table>
 *
 * <p><b>The property</b> ({@link dev.plumb.fuzz.ReaderContract}): every input is read, or rejected with the
 * reader's typed exception whose message names the file; nothing else escapes (no index, number-format or
 * null-pointer exception, no {@code OutOfMemoryError}); each input finishes within 10 s; and reading allocates at
 * most 24 MiB plus 200 bytes per input byte, plus a fixed buffer the reader documents (IDX's 64 MiB first buffer
 * for gzipped data, one megapixel of decoded image). Most tests check more of what was read, against the input.
 *
 * <p><b>In {@code mvn verify}</b> the fuzz tests run in regression mode: each replays its committed seed corpus,
 * {@code src/test/resources/dev/plumb/fuzz/<TestClass>Inputs/<method>/} (valid files made with Plumb's own
 * writers, and the known-bad shapes: truncated headers, header lengths of 2^62, IDX headers claiming 2^31 items,
 * gzip streams that end early, non-UTF-8 text, NaN weights, ragged CSV rows, …), plus the empty input, without
 * fuzzing. They are tagged {@code fuzz} and run in their own surefire execution ({@code fuzz-regression} in
 * {@code plumb-core/pom.xml}) with a 256 MiB heap, so a reader that allocates what a corrupt header claims fails
 * there. {@link dev.plumb.fuzz.SeedCorpus} regenerates the seeds.
 *
 * <p><b>To fuzz</b> one test for its fixed time (its {@code maxDuration}, 2 minutes), from the repository root:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='CsvReaderFuzzTest#read' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * One method per run (Jazzer fuzzes one test per JVM). New coverage goes to {@code plumb-core/.cifuzz-corpus/}
 * (ignored by git); an input that breaks the property is written next to the seeds as {@code crash-<sha1>}, so the
 * next {@code mvn verify} replays it: fix the reader, or, if someone else owns the fix, move the input to
 * {@code src/test/resources/dev/plumb/fuzz/known-bugs/} (same layout, not replayed) with a
 * {@code @Disabled("bug: …")} test that replays it (see {@link dev.plumb.fuzz.KnownBugs}). Jazzer replays the
 * copies in {@code target/test-classes}, which Maven does not delete: after moving or deleting an input, run
 * {@code mvn -pl plumb-core clean} once.
 */
package dev.plumb.fuzz;
