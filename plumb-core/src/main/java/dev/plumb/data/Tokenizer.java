package dev.plumb.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokenizer of {@link TextVectorizer}: Unicode-aware words, lowercased.
 *
 * <ol>
 *   <li>The text is put in Unicode normalization form NFC, so "é" typed as one character or as "e" plus
 *       a combining accent is the same word.</li>
 *   <li>A token is a maximal run of letters, decimal digits and combining marks (Unicode categories
 *       L*, Nd and M*); everything else separates tokens.
 *       Marks belong to words so that scripts written with them (Devanagari vowel signs, Thai) are not cut
 *       apart. "Don't" gives "don" and "t"; "e-mail" gives "e" and "mail"; "COVID19" gives "covid19".</li>
 *   <li>Each token is lowercased with {@link Locale#ROOT} (the same on every machine, whatever its
 *       language setting), after splitting, so a lowercase form that contains other characters cannot
 *       split a word.</li>
 *   <li>Tokens shorter than {@code minTokenLength} code points are dropped.</li>
 * </ol>
 *
 * <p>Unlike scikit-learn's default pattern {@code (?u)\b\w\w+\b}, underscores separate tokens and
 * one-character tokens are kept unless {@code minTokenLength} is 2.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    /** The tokens of {@code text} in order, repeats included. */
    public static List<String> tokenize(String text, int minTokenLength) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        int length = 0; // code points in the current token
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (isTokenChar(cp)) {
                if (start < 0) {
                    start = i;
                    length = 0;
                }
                length++;
            } else if (start >= 0) {
                add(tokens, normalized.substring(start, i), length, minTokenLength);
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            add(tokens, normalized.substring(start), length, minTokenLength);
        }
        return tokens;
    }

    private static void add(List<String> tokens, String token, int length, int minTokenLength) {
        if (length >= minTokenLength) {
            tokens.add(token.toLowerCase(Locale.ROOT));
        }
    }

    /** True for a code point that belongs to a token: a letter, a decimal digit or a combining mark. */
    static boolean isTokenChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
