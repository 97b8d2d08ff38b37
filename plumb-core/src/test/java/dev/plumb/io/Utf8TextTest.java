package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Strict UTF-8 decoding, against bytes whose encoding the test states (UTF-8, Latin-1, UTF-16). */
class Utf8TextTest {

    @Test
    void utf8TextDecodesAndALeadingByteOrderMarkIsDropped() throws Exception {
        String text = "μ: 0.5\nσ: ∞ 🙂";
        assertThat(Utf8Text.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        byte[] withMark = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Text.decode(withMark)).isEqualTo(text);
        assertThat(Utf8Text.decode(new byte[0])).isEmpty();
    }

    @Test
    void latin1TextIsRefusedWithTheOffsetTheByteAndTheLine() {
        byte[] latin1 = "a: 1\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        Utf8Text.NotUtf8Exception e = catchThrowableOfType(Utf8Text.NotUtf8Exception.class, () -> Utf8Text.decode(latin1));

        assertThat(e.offset()).isEqualTo(14);
        assertThat(e).hasMessage("not UTF-8 text (byte offset 14): the byte 0xE9 on line 2 cannot be read as UTF-8"
                + " — the file is in another encoding (such as Latin-1 or UTF-16) or is not text");
    }

    @Test
    void aSequenceCutShortAtTheEndAndUtf16AreRefused() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
        byte[] cut = {'x', euro[0], euro[1]};
        assertThat(catchThrowableOfType(Utf8Text.NotUtf8Exception.class, () -> Utf8Text.decode(cut)))
                .hasMessageStartingWith("not UTF-8 text (byte offset 1): the bytes 0xE2 0x82 on line 1");

        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16); // FE FF 00 7B 00 7D
        assertThat(catchThrowableOfType(Utf8Text.NotUtf8Exception.class, () -> Utf8Text.decode(utf16)).offset())
                .isZero();
    }
}
