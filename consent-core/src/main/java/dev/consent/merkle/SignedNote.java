package dev.consent.merkle;

import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP {@code signed-note}: a UTF-8 text ending in a newline, a blank line, and one or more signature lines.
 * This class holds the parts and checks the form; {@link NoteVerifier#verify(SignedNote)} checks the signatures.
 * Immutable.
 *
 * @param text the signed text, ending in a newline
 * @param signatures the signatures, in the order they appear
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    /** The most signature lines a note may carry before it is rejected unread. */
    public static final int MAX_SIGNATURES = 100;

    /** Checks the text's form and copies the list. */
    public SignedNote {
        requireText(text);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new InvalidInputException("signatures", "none", "a signed note needs at least one");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new InvalidInputException("signatures", signatures.size(), "must be at most " + MAX_SIGNATURES);
        }
    }

    /** The whole note: the text, a blank line, and every signature line. */
    public String format() {
        StringBuilder b = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            b.append(s.line()).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads a whole note as {@link #format()} writes it; the signatures are not checked here.
     *
     * @throws InvalidInputException if it is not a signed note
     */
    public static SignedNote parse(String note) {
        Objects.requireNonNull(note, "note");
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new InvalidInputException("note", note, "must have a blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (!block.endsWith("\n")) {
            throw new InvalidInputException("note", note, "must end in a newline");
        }
        List<NoteSignature> sigs = new ArrayList<>();
        for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
            if (sigs.size() == MAX_SIGNATURES) {
                throw new InvalidInputException("note", note, "has more than " + MAX_SIGNATURES + " signatures");
            }
            sigs.add(NoteSignature.parse(line));
        }
        return new SignedNote(text, sigs);
    }

    static void requireText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new InvalidInputException("text", text, "must end in a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new InvalidInputException("text", text, "must not hold control characters");
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(++i)))) {
                throw new InvalidInputException("text", text, "must be valid UTF-16 (and so UTF-8)");
            }
        }
    }

    @Override
    public String toString() {
        return format();
    }
}
