package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link TextCorpus}: validation, subsets and seeded splits. */
class TextCorpusTest {

    private static TextCorpus mail(int perClass) {
        List<String> documents = new ArrayList<>();
        int[] labels = new int[2 * perClass];
        for (int i = 0; i < 2 * perClass; i++) {
            documents.add((i < perClass ? "ham " : "spam ") + i);
            labels[i] = i < perClass ? 0 : 1;
        }
        return new TextCorpus("mail", documents, labels, List.of("ham", "spam"));
    }

    @Test
    void splitPartitionsTheDocumentsReproducibly() {
        TextCorpus corpus = mail(10);

        TextCorpus.Parts parts = corpus.split(new Split(0.6, 0.2, 0.2, 7, true));

        List<String> all = new ArrayList<>(parts.train().documents());
        all.addAll(parts.dev().documents());
        all.addAll(parts.test().documents());
        assertThat(all).containsExactlyInAnyOrderElementsOf(corpus.documents());
        assertThat(parts.train().size()).isEqualTo(12);
        assertThat(parts.dev().size()).isEqualTo(4);
        assertThat(parts.test().size()).isEqualTo(4);
        assertThat(parts.test().labels()).as("stratified: 2 of each class").containsExactlyInAnyOrder(0, 0, 1, 1);
        assertThat(parts.train().name()).isEqualTo("mail/train");
        for (TextCorpus part : List.of(parts.train(), parts.dev(), parts.test())) {
            for (int i = 0; i < part.size(); i++) {
                assertThat(part.documents().get(i)).startsWith(part.classNames().get(part.labels()[i]));
            }
        }
        assertThat(corpus.split(new Split(0.6, 0.2, 0.2, 7, true))).isEqualTo(parts);
    }

    @Test
    void subsetKeepsTheOrderGiven() {
        TextCorpus subset = mail(2).subset("picked", new int[] {3, 0});

        assertThat(subset.documents()).containsExactly("spam 3", "ham 0");
        assertThat(subset.labels()).containsExactly(1, 0);
        assertThat(subset.classNames()).containsExactly("ham", "spam");
    }

    @Test
    void labelsCannotBeChangedFromOutside() {
        int[] labels = {0, 1};
        TextCorpus corpus = new TextCorpus("c", List.of("a", "b"), labels, List.of("x", "y"));
        labels[0] = 1;
        corpus.labels()[1] = 0;

        assertThat(corpus.labels()).containsExactly(0, 1);
    }

    @Test
    void invalidCorporaAreRejected() {
        assertThatThrownBy(() -> new TextCorpus("c", List.of("a"), new int[] {0}, List.of("only")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument classNames for c: 1 classes. Expected at least 2.");
        assertThatThrownBy(() -> new TextCorpus("c", List.of("a", "b"), new int[] {0}, List.of("x", "y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid text corpus c: 1 labels for 2 documents; expected one label per document");
        assertThatThrownBy(() -> new TextCorpus("c", List.of("a"), new int[] {2}, List.of("x", "y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid label in c at document 0: 2. Expected a class index in [0, 2).");
    }
}
