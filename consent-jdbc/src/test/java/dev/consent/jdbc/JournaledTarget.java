package dev.consent.jdbc;

import dev.consent.requests.ErasureCall;
import dev.consent.requests.ErasureResult;
import dev.consent.requests.ErasureTarget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An erasure target whose effect is a line in a journal file, written durably: each call appends
 * {@code call <key> <attempt> <maybeDoneBefore>}, then, unless the journal holds {@code erased <key>} already (the
 * erasure is idempotent by key, as {@link ErasureCall} suggests), waits, appends {@code erased <key>} and waits
 * again. Every line is forced to the disk before the call goes on, so that a process killed at any moment leaves
 * every effect it had in the journal. For {@link RequestCrashContract}.
 */
final class JournaledTarget implements ErasureTarget {
    private final Path journal;
    private final SplittableRandom random;
    private final long minMillis;
    private final long maxMillis;

    JournaledTarget(Path journal, long seed, long minMillis, long maxMillis) {
        this.journal = journal;
        this.random = new SplittableRandom(seed);
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
    }

    @Override
    public ErasureResult erase(ErasureCall call) throws Exception {
        append("call " + call.key() + " " + call.attempt() + " " + call.maybeDoneBefore());
        if (lines(journal).contains("erased " + call.key())) {
            return new ErasureResult(0, "erased before");
        }
        Thread.sleep(pause() / 2);
        append("erased " + call.key());
        Thread.sleep(pause() / 2);
        return ErasureResult.erased(1);
    }

    private synchronized long pause() {
        return minMillis + random.nextLong(maxMillis - minMillis + 1);
    }

    private synchronized void append(String line) throws IOException {
        try (FileChannel out = FileChannel.open(
                journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
    }

    /** The journal's complete lines (a line cut by a kill has no newline and is left out). */
    static List<String> lines(Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return List.of();
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }
}
