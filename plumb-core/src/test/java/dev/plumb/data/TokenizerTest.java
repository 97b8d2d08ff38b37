package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Tokenizer}: lowercase words of letters, digits and marks, in any script. */
class TokenizerTest {

    @Test
    void splitsOnEverythingButLettersAndDigitsAndLowercases() {
        assertThat(Tokenizer.tokenize("Hello, WORLD! e-mail don't COVID19 snake_case 3.14", 1))
                .containsExactly("hello", "world", "e", "mail", "don", "t", "covid19", "snake", "case", "3", "14");
    }

    @Test
    void isUnicodeAware() {
        assertThat(Tokenizer.tokenize("Grüße aus KÖLN — ΑΘΗΝΑ, 東京", 1))
                .containsExactly("grüße", "aus", "köln", "αθηνα", "東京");
        assertThat(Tokenizer.tokenize("नमस्ते दुनिया", 1)).as("Devanagari vowel signs and virama are marks inside words")
                .containsExactly("नमस्ते", "दुनिया");
    }

    @Test
    void composedAndDecomposedAccentsAreTheSameWord() {
        assertThat(Tokenizer.tokenize("caf\u00e9 cafe\u0301 CAFE\u0301", 1))
                .containsExactly("caf\u00e9", "caf\u00e9", "caf\u00e9");
    }

    @Test
    void dropsTokensShorterThanTheMinimumLength() {
        assertThat(Tokenizer.tokenize("I saw a cat at 5", 2)).containsExactly("saw", "cat", "at");
        assertThat(Tokenizer.tokenize("", 1)).isEmpty();
        assertThat(Tokenizer.tokenize("?!... ---", 1)).isEmpty();
    }
}
