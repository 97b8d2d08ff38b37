package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Escaping and number formatting of the report. */
class HtmlTest {

    @Test
    void escapesTheFiveCharactersThatEndTextOrAnAttribute() {
        assertThat(Html.esc("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.esc(null)).isEmpty();
        assertThat(Html.esc("μ ± σ, 12 %")).isEqualTo("μ ± σ, 12 %");
    }

    @Test
    void formatsNumbersToFourSignificantDigitsPlainOrInENotation() {
        assertThat(Html.num(0.123456)).isEqualTo("0.1235");
        assertThat(Html.num(2778)).isEqualTo("2778");
        assertThat(Html.num(-2.25)).isEqualTo("−2.25");
        assertThat(Html.num(1e-4)).isEqualTo("1e-4");
        assertThat(Html.num(1.2345e-8)).isEqualTo("1.235e-8");
        assertThat(Html.num(0)).isEqualTo("0");
        assertThat(Html.num(Double.NaN)).isEqualTo("—");
        assertThat(Html.num(Double.POSITIVE_INFINITY)).isEqualTo("∞");
        assertThat(Html.sci(0.25)).isEqualTo("2.5e-1");
        assertThat(Html.sci(3.0)).isEqualTo("3");
    }

    @Test
    void formatsRatesAsPercentagesAndCountsWithSeparators() {
        assertThat(Html.pct(0.1234)).isEqualTo("12.34 %");
        assertThat(Html.pct(1)).isEqualTo("100.00 %");
        assertThat(Html.count(1797)).isEqualTo("1,797");
    }

    @Test
    void tintsAColourTowardsWhite() {
        assertThat(Html.tint("#000000", 0.5)).isEqualTo("#808080");
        assertThat(Html.tint("#4e79a7", 1)).isEqualTo("#4e79a7");
        assertThat(Html.tint("#4e79a7", 0)).isEqualTo("#ffffff");
    }
}
