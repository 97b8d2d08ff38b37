package dev.plumb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A folder of generated e-mails shaped like a public spam corpus — {@code ham/} and {@code spam/}, one message per
 * file, headers and a body — for tests and benchmarks of text pipelines at real vocabulary sizes, with no download.
 *
 * <p>Words follow a Zipf law over a vocabulary of {@code vocabulary} made-up terms, as words in mail do: a few are in
 * every message, most in one or two, so the terms a corpus actually uses grow with its size the way real ones do
 * (headers add per-message identifiers, as real headers do). Each class draws a share of its body from a topic of its
 * own, a few hundred terms, which is what a classifier can learn. The same arguments give the same files, byte for
 * byte.
 */
public final class SyntheticMail {

    /** Zipf exponent of word frequencies (close to what English text shows). */
    static final double ZIPF = 1.05;
    /** Share of a message's body drawn from its class's topic. */
    static final double TOPIC_SHARE = 0.12;
    static final int TOPIC_TERMS = 400;

    private SyntheticMail() {
    }

    /** What was written. */
    public record Summary(int ham, int spam, long bytes) {
    }

    /**
     * Writes {@code messages} messages (a third of them spam) under {@code root}/ham and {@code root}/spam, words drawn
     * from a vocabulary of {@code vocabulary} terms; {@code root} is created if needed.
     */
    public static Summary write(Path root, int messages, int vocabulary, long seed) {
        if (messages < 2 || vocabulary < 4 * TOPIC_TERMS) {
            throw new IllegalArgumentException("Invalid synthetic mail: " + messages + " messages over " + vocabulary
                    + " terms; expected at least 2 messages and " + 4 * TOPIC_TERMS + " terms");
        }
        double[] cumulative = zipf(vocabulary);
        SplittableRandom rng = new SplittableRandom(seed);
        int ham = 0;
        int spam = 0;
        long bytes = 0;
        try {
            Files.createDirectories(root.resolve("ham"));
            Files.createDirectories(root.resolve("spam"));
            for (int i = 0; i < messages; i++) {
                boolean isSpam = i % 3 == 2;
                String message = message(rng, cumulative, isSpam, i);
                Path file = root.resolve(isSpam ? "spam" : "ham").resolve(String.format(Locale.ROOT, "%05d.eml", i));
                byte[] content = message.getBytes(StandardCharsets.UTF_8);
                Files.write(file, content);
                bytes += content.length;
                if (isSpam) {
                    spam++;
                } else {
                    ham++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write synthetic mail under " + root + ": " + e.getMessage(), e);
        }
        return new Summary(ham, spam, bytes);
    }

    private static String message(SplittableRandom rng, double[] cumulative, boolean spam, int index) {
        StringBuilder s = new StringBuilder(4096);
        String host = term(rng.nextInt(cumulative.length)) + ".example";
        s.append("From: ").append(term(draw(rng, cumulative))).append('@').append(host).append('\n');
        s.append("To: ").append(term(draw(rng, cumulative))).append("@plumb.example\n");
        s.append("Message-ID: <").append(Long.toHexString(rng.nextLong())).append('.').append(index).append('@')
                .append(host).append(">\n");
        s.append("Subject:");
        for (int k = 0; k < 3 + rng.nextInt(5); k++) {
            s.append(' ').append(term(word(rng, cumulative, spam)));
        }
        s.append("\n\n");
        int words = 40 + (int) Math.min(2000, -Math.log(1 - rng.nextDouble()) * 220); // message lengths vary a lot
        for (int k = 0; k < words; k++) {
            s.append(term(word(rng, cumulative, spam))).append(k % 14 == 13 ? ".\n" : " ");
        }
        return s.append('\n').toString();
    }

    /** A body word: from the class's topic with probability {@link #TOPIC_SHARE}, else from the Zipf law. */
    private static int word(SplittableRandom rng, double[] cumulative, boolean spam) {
        if (rng.nextDouble() < TOPIC_SHARE) {
            // the topics sit at middling ranks: frequent enough to learn, rare enough not to be in every message
            return (spam ? 2 * TOPIC_TERMS : 3 * TOPIC_TERMS) + rng.nextInt(TOPIC_TERMS);
        }
        return draw(rng, cumulative);
    }

    private static int draw(SplittableRandom rng, double[] cumulative) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Math.pow(r + 1, -ZIPF);
            c[r] = sum;
        }
        return c;
    }

    /** The made-up word of rank {@code r}: letters only, distinct for distinct ranks. */
    static String term(int r) {
        StringBuilder s = new StringBuilder();
        int v = r;
        do {
            s.append((char) ('a' + v % 26));
            v /= 26;
        } while (v > 0);
        return s.append("x").toString(); // a final 'x' keeps one-letter ranks from being words of their own
    }
}
