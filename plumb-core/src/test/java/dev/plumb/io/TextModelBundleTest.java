package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.Split;
import dev.plumb.data.TextCorpus;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.data.io.TextFolderReader;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/** The note's spam example end to end: a text folder, a vectorizer fitted on train, a saved model that reads mail. */
class TextModelBundleTest {

    @Test
    void aSpamFilterSavedWithItsVectorizerClassifiesNewMailIdentically(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("mail");
        String[] spam = {"win money now", "free prize claim now", "cheap pills free", "claim your free money",
            "win a free prize", "money money win now", "free cheap offer now", "prize waiting claim it"};
        String[] ham = {"meeting at noon tomorrow", "please review the report", "lunch with the team",
            "the report is attached", "see you at the meeting", "notes from the team call", "agenda for tomorrow",
            "review notes attached"};
        write(root.resolve("spam"), spam);
        write(root.resolve("ham"), ham);

        TextCorpus corpus = TextFolderReader.read(root);
        TextCorpus.Parts parts = corpus.split(new Split(0.75, 0.25, 0, 1, true));
        TextVectorizer vectorizer = TextVectorizer.fit(parts.train().documents(),
                VectorizerOptions.defaults().withWeighting(VectorizerOptions.Weighting.TFIDF));
        Dataset train = vectorizer.transform(parts.train(), DType.FLOAT32);
        Network network = NetworkSpec.mlp(vectorizer.featureCount(), new int[] {8}, 2, Activation.tanh(),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1);
        new Trainer(new TrainConfig(60, 4, 0.05, 1, true), new Adam()).fit(network, train, null);

        ModelBundle bundle = new ModelBundle(network, null, corpus.classNames(), null, vectorizer);
        bundle.save(dir.resolve("model"));
        ModelBundle loaded = ModelBundle.load(dir.resolve("model"));

        List<String> newMail = List.of("claim your free prize now", "the team meeting notes", "zebra unknown words");
        Matrix before = bundle.predictDocuments(newMail);
        assertThat(loaded.predictDocuments(newMail).contentEquals(before)).isTrue();
        assertThat(loaded.vectorizer().vocabulary()).isEqualTo(vectorizer.vocabulary());
        int spamIndex = corpus.classNames().indexOf("spam");
        assertThat(before.argmaxInRow(0)).as("obvious spam").isEqualTo(spamIndex);
        assertThat(before.argmaxInRow(1)).as("obvious ham").isEqualTo(1 - spamIndex);
    }

    private static void write(Path folder, String[] documents) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < documents.length; i++) {
            Files.writeString(folder.resolve("mail" + i + ".txt"), documents[i], StandardCharsets.UTF_8);
        }
    }
}
