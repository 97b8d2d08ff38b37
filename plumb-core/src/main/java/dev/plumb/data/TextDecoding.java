package dev.plumb.data;

import java.util.Locale;
import java.util.Objects;

/**
 * How the bytes of a folder of documents became text, and what it cost: kept in the split manifest (so in the run
 * record, {@code preparation.json} and the model bundle) so that a report can say how many documents were read with
 * replaced bytes, and {@code plumb predict} can read new documents the way the training documents were read.
 *
 * @param encoding          the charset the files were decoded with, by its canonical Java name, e.g. "UTF-8"
 * @param undecodable       what a byte sequence that is not valid in {@code encoding} did: "replace" (read as U+FFFD,
 *                          the replacement character) or "fail" (an error naming the file and the byte offset)
 * @param documents         documents read
 * @param documentsReplaced documents in which at least one byte sequence was replaced
 * @param sequencesReplaced malformed or unmappable byte sequences replaced, over all documents (each became one U+FFFD)
 */
public record TextDecoding(String encoding, String undecodable, int documents, int documentsReplaced,
                           long sequencesReplaced) {

    public TextDecoding {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(undecodable, "undecodable");
        if (!undecodable.equals("replace") && !undecodable.equals("fail")) {
            throw new IllegalArgumentException("Invalid argument undecodable: '" + undecodable + "'. Expected replace or fail.");
        }
        if (documents < 0 || documentsReplaced < 0 || documentsReplaced > documents || sequencesReplaced < documentsReplaced) {
            throw new IllegalArgumentException("Invalid text decoding counts: " + documentsReplaced + " of " + documents
                    + " documents and " + sequencesReplaced + " byte sequences replaced. Expected 0 <= documents replaced"
                    + " <= documents and at least one sequence per document replaced.");
        }
    }

    /**
     * One clause for the CLI's data line and the report, e.g. "read as UTF-8; 500 of 6,046 documents had bytes that are
     * not UTF-8, read as U+FFFD (1,234 sequences; --undecodable fail stops at them instead)", or "read as UTF-8".
     */
    public String summary() {
        if (documentsReplaced == 0) {
            return "read as " + encoding;
        }
        return "read as " + encoding + "; " + count(documentsReplaced) + " of " + count(documents)
                + (documents == 1 ? " document" : " documents") + " had bytes that are not " + encoding + ", read as U+FFFD ("
                + count(sequencesReplaced) + (sequencesReplaced == 1 ? " sequence" : " sequences")
                + "; --undecodable fail stops at them instead)";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
