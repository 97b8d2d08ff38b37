package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.VectorizerOptions.Weighting;
import dev.plumb.data.io.TextFolderReader;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * {@link TextVectorizer}: vocabulary from the training documents only, and weights checked against
 * counts and the TF-IDF formula recomputed here in double.
 */
class TextVectorizerTest {

    @TempDir
    Path root;

    private static final VectorizerOptions COUNT = VectorizerOptions.defaults().withWeighting(Weighting.COUNT);
    private static final VectorizerOptions BINARY = VectorizerOptions.defaults().withWeighting(Weighting.BINARY);
    private static final VectorizerOptions TFIDF = VectorizerOptions.defaults();

    // ---- fitted on the training documents only -----------------------------------------------------------

    @Test
    void aWordOnlyInTestDocumentsIsNotInTheVocabularyAndIsIgnored() throws IOException {
        write("ham/1.txt", "Lunch tomorrow? The meeting moved to noon.");
        write("ham/2.txt", "Please send the report before the meeting.");
        write("ham/3.txt", "The zebra exhibit at the zoo opens tomorrow."); // test
        write("spam/1.txt", "WIN a FREE prize! Claim your FREE money now.");
        write("spam/2.txt", "Cheap meds, free shipping, click now.");
        write("spam/3.txt", "Free zebra print handbags, click now!"); // test
        TextCorpus mail = TextFolderReader.read(root);
        TextCorpus train = mail.subset("mail/train", new int[] {0, 1, 3, 4});
        TextCorpus test = mail.subset("mail/test", new int[] {2, 5});

        TextVectorizer vectorizer = TextVectorizer.fit(train.documents(), COUNT);

        assertThat(vectorizer.vocabulary()).contains("meeting", "free", "tomorrow").doesNotContain("zebra", "zoo", "handbags");
        Matrix x = vectorizer.transform(test.documents(), DType.FLOAT64);
        List<String> withoutUnseenWords = List.of("The exhibit at the opens tomorrow.", "Free print, click now!");
        assertThat(x.contentEquals(vectorizer.transform(withoutUnseenWords, DType.FLOAT64))).isTrue();
        assertThat(x.get(0, vectorizer.vocabulary().indexOf("tomorrow"))).isEqualTo(1);
        assertThat(x.get(1, vectorizer.vocabulary().indexOf("free"))).isEqualTo(1);
    }

    @Test
    void splitThenFitOnTrainGivesDataSetsNamedByTheVocabulary() throws IOException {
        for (int i = 0; i < 10; i++) {
            write("ham/" + i + ".txt", "meeting notes " + i + " report");
            write("spam/" + i + ".txt", "free money offer " + (10 + i));
        }
        TextCorpus mail = TextFolderReader.read(root);

        TextCorpus.Parts parts = mail.split(new Split(0.6, 0.2, 0.2, 42, true));
        TextVectorizer vectorizer = TextVectorizer.fit(parts.train().documents(), TFIDF);
        Dataset train = vectorizer.transform(parts.train(), DType.FLOAT32);
        Dataset test = vectorizer.transform(parts.test(), DType.FLOAT32);

        assertThat(train.featureNames()).isEqualTo(vectorizer.vocabulary());
        assertThat(test.featureNames()).isEqualTo(vectorizer.vocabulary());
        assertThat(train.classNames()).containsExactly("ham", "spam");
        assertThat(train.labels()).containsExactly(parts.train().labels());
        assertThat(train.size()).isEqualTo(12);
        assertThat(test.name()).isEqualTo(parts.test().name());
        // the numbers 0–19 make each document unique: those of test documents are not in the vocabulary
        for (String document : parts.test().documents()) {
            String number = document.replaceAll("\\D", "");
            assertThat(vectorizer.vocabulary()).doesNotContain(number);
        }
    }

    // ---- weights -----------------------------------------------------------------------------------------

    @Test
    void countsAreTermOccurrencesInAlphabeticalVocabularyOrder() {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("Free money, FREE!", "meeting tomorrow"), COUNT);

        assertThat(vectorizer.vocabulary()).containsExactly("free", "meeting", "money", "tomorrow");
        Matrix x = vectorizer.transform(List.of("free free free money", "tomorrow's meeting", ""), DType.FLOAT64);
        assertThat(x.row(0)).containsExactly(3, 0, 1, 0);
        assertThat(x.row(1)).containsExactly(0, 1, 0, 1); // "tomorrow's" → "tomorrow", "s"; "s" is unknown
        assertThat(x.row(2)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void binaryMarksPresence() {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("free money free", "meeting"), BINARY);

        Matrix x = vectorizer.transform(List.of("free free free money"), DType.FLOAT32);

        assertThat(x.row(0)).containsExactly(1, 0, 1);
    }

    @Test
    void tfidfIsSmoothIdfTimesCountWithL2NormalizedRows() {
        List<String> training = List.of("free money free", "meeting tomorrow", "free meeting");
        TextVectorizer vectorizer = TextVectorizer.fit(training, TFIDF);

        assertThat(vectorizer.vocabulary()).containsExactly("free", "meeting", "money", "tomorrow");
        // idf = ln((1 + n) / (1 + df)) + 1 with n = 3 training documents
        double n = 3;
        double idfFree = Math.log((1 + n) / (1 + 2)) + 1;
        double idfMeeting = Math.log((1 + n) / (1 + 2)) + 1;
        double idfMoney = Math.log((1 + n) / (1 + 1)) + 1;
        double idfTomorrow = Math.log((1 + n) / (1 + 1)) + 1;
        assertThat(vectorizer.idf()).containsExactly(new double[] {idfFree, idfMeeting, idfMoney, idfTomorrow}, within(1e-15));

        Matrix x = vectorizer.transform(List.of("free money free zebra", "meeting", "zebra"), DType.FLOAT64);

        double[] raw = {2 * idfFree, 0, 1 * idfMoney, 0};
        double norm = Math.sqrt(raw[0] * raw[0] + raw[2] * raw[2]);
        assertThat(x.row(0)).containsExactly(new double[] {raw[0] / norm, 0, raw[2] / norm, 0}, within(1e-15));
        assertThat(x.row(1)).containsExactly(new double[] {0, 1, 0, 0}, within(1e-15));
        assertThat(x.row(2)).as("no known term: a zero row, not NaN").containsExactly(0, 0, 0, 0);
    }

    @Test
    void float32RowsAreTheFloat64RowsRounded() {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("free money free", "meeting tomorrow", "free meeting"), TFIDF);
        List<String> documents = List.of("free money", "tomorrow tomorrow meeting");

        double[] x64 = vectorizer.transform(documents, DType.FLOAT64).toDoubleArray();
        double[] x32 = vectorizer.transform(documents, DType.FLOAT32).toDoubleArray();

        for (int i = 0; i < x64.length; i++) {
            assertThat(x32[i]).isEqualTo((float) x64[i]);
        }
    }

    // ---- vocabulary selection ---------------------------------------------------------------------------

    @Test
    void maxFeaturesKeepsTheTermsInMostDocumentsTiesBrokenAlphabetically() {
        // document frequencies: zebra 3, apple 2, mango 2, kiwi 1
        List<String> training = List.of("zebra apple mango kiwi", "zebra apple", "zebra mango", "zebra zebra zebra");

        assertThat(TextVectorizer.fit(training, COUNT.withMaxFeatures(1)).vocabulary()).containsExactly("zebra");
        assertThat(TextVectorizer.fit(training, COUNT.withMaxFeatures(2)).vocabulary())
                .as("apple and mango tie at 2 documents; apple sorts first; features in alphabetical order")
                .containsExactly("apple", "zebra");
        assertThat(TextVectorizer.fit(training, COUNT.withMaxFeatures(3)).vocabulary())
                .containsExactly("apple", "mango", "zebra");
        assertThat(TextVectorizer.fit(training, COUNT.withMaxFeatures(100)).vocabulary())
                .containsExactly("apple", "kiwi", "mango", "zebra");
        assertThat(TextVectorizer.fit(List.of(training.get(3), training.get(2), training.get(1), training.get(0)),
                COUNT.withMaxFeatures(2)).vocabulary()).as("document order does not matter").containsExactly("apple", "zebra");
    }

    @Test
    void minDocumentFrequencyAndMinTokenLengthFilterTheVocabulary() {
        List<String> training = List.of("a zebra apple kiwi", "I saw a zebra apple", "zebra");

        TextVectorizer vectorizer = TextVectorizer.fit(training, new VectorizerOptions(2, VectorizerOptions.UNLIMITED, 2,
                Weighting.COUNT));

        assertThat(vectorizer.vocabulary()).containsExactly("apple", "zebra");
    }

    // ---- saved state -------------------------------------------------------------------------------------

    @Test
    void restoringTheStateGivesIdenticalTransforms() {
        List<String> training = List.of("Free money, FREE!", "meeting tomorrow about money", "free lunch at the meeting");
        List<String> documents = List.of("free free meeting", "unknown words only", "money money lunch tomorrow");
        for (Weighting weighting : Weighting.values()) {
            TextVectorizer fitted = TextVectorizer.fit(training, VectorizerOptions.defaults().withWeighting(weighting));
            TextVectorizer.State state = fitted.state();
            // as a model file would give it back: fresh lists, arrays and options
            TextVectorizer.State reloaded = new TextVectorizer.State(new ArrayList<>(state.vocabulary()), state.idf(),
                    new VectorizerOptions(state.options().minTokenLength(), state.options().maxFeatures(),
                            state.options().minDocumentFrequency(), state.options().weighting()));

            TextVectorizer restored = TextVectorizer.of(reloaded);

            assertThat(restored).isEqualTo(fitted);
            for (DType dtype : DType.values()) {
                assertThat(restored.transform(documents, dtype).contentEquals(fitted.transform(documents, dtype)))
                        .as("%s in %s", weighting, dtype).isTrue();
            }
        }
    }

    @Test
    void theStateIsACopy() {
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("free money", "meeting"), TFIDF);
        double[] idf = vectorizer.state().idf();
        idf[0] = 99;

        assertThat(vectorizer.idf()[0]).isNotEqualTo(99);
        assertThat(vectorizer.state().idf()[0]).isNotEqualTo(99);
    }

    @Test
    void anInconsistentStateIsRejected() {
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of("free", "money"), new double[] {1.5})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid vectorizer state: 2 terms but 1 idf values; expected one per term");
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of("free", "free"), new double[] {1, 1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid vectorizer state: term 1 ('free') appears twice in the vocabulary");
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of("Free"), new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid vectorizer state: term 0 is 'Free', which the tokenizer never produces");
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of("free money"), new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid vectorizer state: term 0 is 'free money', which the tokenizer never produces");
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of("free"), new double[] {Double.NaN})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid vectorizer state: idf of term 0 ('free') is NaN; expected a finite value >= 1");
        assertThatThrownBy(() -> TextVectorizer.of(state(List.of(), new double[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid vectorizer state: empty vocabulary; expected at least one term");
        assertThatThrownBy(() -> TextVectorizer.of(new TextVectorizer.State(List.of("a", "b"), new double[] {1, 1},
                VectorizerOptions.defaults().withMaxFeatures(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid vectorizer state: 2 terms but maxFeatures=1");
    }

    // ---- arguments ---------------------------------------------------------------------------------------

    @Test
    void invalidOptionsNameTheArgument() {
        assertThatThrownBy(() -> new VectorizerOptions(1, 0, 1, Weighting.TFIDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument maxFeatures: 0. Expected an integer >= 1, or VectorizerOptions.UNLIMITED"
                        + " for no cap.");
        assertThatThrownBy(() -> new VectorizerOptions(0, 10, 1, Weighting.TFIDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument minTokenLength: 0. Expected an integer >= 1 (1 keeps every token).");
        assertThatThrownBy(() -> new VectorizerOptions(1, 10, 0, Weighting.TFIDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument minDocumentFrequency: 0. Expected an integer >= 1 (a number of"
                        + " training documents).");
    }

    @Test
    void fittingNeedsDocumentsAndAVocabulary() {
        assertThatThrownBy(() -> TextVectorizer.fit(List.of(), TFIDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid argument trainingDocuments: no documents;");
        assertThatThrownBy(() -> TextVectorizer.fit(List.of("?!", ""), TFIDF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid argument trainingDocuments: no term occurs in at least minDocumentFrequency=1"
                        + " of the 2 documents");
        assertThatThrownBy(() -> TextVectorizer.fit(List.of("free", "money"), new VectorizerOptions(1, 10, 2, Weighting.COUNT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid argument trainingDocuments: no term occurs in at least minDocumentFrequency=2");
    }

    private static TextVectorizer.State state(List<String> vocabulary, double[] idf) {
        return new TextVectorizer.State(vocabulary, idf, VectorizerOptions.defaults());
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
