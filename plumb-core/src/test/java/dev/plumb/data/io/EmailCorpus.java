package dev.plumb.data.io;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A SpamAssassin-like mail folder written by tests: {@code ham/} and {@code spam/}, each message with mail headers and
 * a body, in the encodings real mail comes in — UTF-8 with accents, ISO-8859-1 and windows-1252 (bytes >= 0x80 that are
 * not UTF-8), plain ASCII, and UTF-8 with a tail of random binary bytes (a broken attachment). Seeded, so the same
 * folder every time; nothing is downloaded.
 */
public final class EmailCorpus {

    /** The encoding each message index {@code i} is written in: {@code ENCODINGS[i % 5]}, "garbage" being UTF-8 + random bytes. */
    static final String[] ENCODINGS = {"UTF-8", "ISO-8859-1", "windows-1252", "US-ASCII", "garbage"};

    private static final String[] HAM = {"meeting", "report", "project", "lunch", "tomorrow", "agenda", "review", "draft",
        "budget", "team", "schedule", "notes", "kernel", "patch", "release", "thanks"};
    private static final String[] SPAM = {"free", "money", "winner", "prize", "click", "offer", "cheap", "viagra", "loan",
        "casino", "bonus", "claim", "urgent", "cash", "deal", "unsubscribe"};

    /** A message file and the text and encoding it was written with. */
    public record Message(Path file, String text, String encoding, byte[] bytes) {
    }

    private EmailCorpus() {
    }

    /** Writes {@code perClass} messages per class under {@code root} (ham/, spam/) and returns them, ham first. */
    public static List<Message> write(Path root, int perClass, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<Message> messages = new ArrayList<>();
        for (String cls : new String[] {"ham", "spam"}) {
            Path folder = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                messages.add(write(folder.resolve(String.format("%05d.%s", i, cls)), cls.equals("spam"), i, random));
            }
        }
        return messages;
    }

    /** Writes one message to {@code file}, the {@code i}-th of its class (which fixes its encoding). */
    public static Message write(Path file, boolean spam, int i, SplittableRandom random) throws IOException {
        String encoding = ENCODINGS[i % ENCODINGS.length];
        String[] words = spam ? SPAM : HAM;
        StringBuilder body = new StringBuilder();
        for (int w = 0; w < 25 + random.nextInt(20); w++) {
            body.append(words[random.nextInt(words.length)]).append(w % 9 == 8 ? ".\n" : " ");
        }
        body.append(switch (encoding) {
            case "UTF-8", "garbage" -> spam ? "\nGagnez 1000 € — très facile, Grüße 🙂\n" : "\nGrüße aus Köln, à bientôt\n";
            case "ISO-8859-1" -> spam ? "\nPrix très spécial, déjà payé\n" : "\nCafé à 15h, merci\n";
            case "windows-1252" -> spam ? "\nSave 50 € on “special” offers…\n" : "\nSee the “draft” – thanks\n";
            default -> "\n-- \nsent from my desk\n";
        });
        String text = "From: " + (spam ? "promo" + i + "@deals.example" : "ana" + i + "@work.example") + "\n"
                + "To: you@example.org\nSubject: " + (spam ? "URGENT " : "Re: ") + words[random.nextInt(words.length)] + "\n"
                + "Date: Mon, 2 Sep 2002 1" + (i % 10) + ":00:00 +0100\nMIME-Version: 1.0\nContent-Type: text/plain; charset="
                + (encoding.equals("garbage") ? "utf-8" : encoding.toLowerCase()) + "\n\n" + body;
        byte[] bytes = encoding.equals("garbage") ? withGarbage(text, random)
                : text.getBytes(encoding.equals("US-ASCII") ? StandardCharsets.US_ASCII : Charset.forName(encoding));
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return new Message(file, text, encoding, bytes);
    }

    // UTF-8 text followed by 40 random bytes, each >= 0x80 so that at least the first is not UTF-8
    private static byte[] withGarbage(String text, SplittableRandom random) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + 40];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int k = head.length; k < out.length; k++) {
            out[k] = (byte) (0x80 + random.nextInt(0x80));
        }
        out[head.length] = (byte) 0xFF; // never part of UTF-8
        return out;
    }
}
