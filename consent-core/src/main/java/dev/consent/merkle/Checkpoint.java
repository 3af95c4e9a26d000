package dev.consent.merkle;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The body of a C2SP {@code tlog-checkpoint}: the origin line naming the log, the tree size in decimal, the root
 * hash in standard base64, and optional extension lines, each ending in a newline. Signed as a
 * {@link SignedNote} it becomes a {@link SignedCheckpoint}. Immutable.
 *
 * @param origin the log's name: not empty, one line (for the ledger, a schema-less URL-like name such as
 *     {@code example.com/consent-ledger})
 * @param size the number of leaves (ledger records)
 * @param root the Merkle tree hash of those leaves
 * @param extensions extra lines, each non-empty; usually none
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
    /** Checks every line and copies the list. */
    public Checkpoint {
        requireLine("origin", origin);
        if (size < 0) {
            throw new InvalidInputException("size", size, "must not be negative");
        }
        Objects.requireNonNull(root, "root");
        extensions = List.copyOf(extensions);
        for (int i = 0; i < extensions.size(); i++) {
            requireLine("extensions[" + i + "]", extensions.get(i));
        }
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long size, Hash root) {
        this(origin, size, root, List.of());
    }

    /** The checkpoint's text: what is signed. */
    public String body() {
        StringBuilder b = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(Base64.getEncoder().encodeToString(root.toBytes()))
                .append('\n');
        extensions.forEach(e -> b.append(e).append('\n'));
        return b.toString();
    }

    /**
     * Reads a checkpoint body as {@link #body()} writes it.
     *
     * @throws InvalidInputException naming the line that is wrong
     */
    public static Checkpoint parse(String body) {
        Objects.requireNonNull(body, "body");
        if (!body.endsWith("\n")) {
            throw new InvalidInputException("checkpoint", body, "must end in a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new InvalidInputException("checkpoint", body, "must have an origin, a size and a root line");
        }
        String sizeLine = lines[1];
        if (!sizeLine.matches("0|[1-9][0-9]{0,18}")) {
            throw new InvalidInputException("checkpoint size", sizeLine, "must be a decimal without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(sizeLine);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("checkpoint size", sizeLine, "is too large");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("checkpoint root", lines[2], "must be standard base64");
        }
        if (root.length != Hash.LENGTH
                || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new InvalidInputException("checkpoint root", lines[2], "must be the base64 of 32 bytes");
        }
        List<String> ext = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            ext.add(lines[i]);
        }
        return new Checkpoint(lines[0], size, Hash.of(root), ext);
    }

    private static void requireLine(String field, String line) {
        Objects.requireNonNull(line, field);
        if (line.isEmpty() || line.indexOf('\n') >= 0 || line.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInputException(field, line, "must be one non-empty line");
        }
    }
}
