package dev.consent.testkit.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Hostile values for the public entry points, drawn from a seeded random source: random Unicode (unpaired
 * surrogates included), control characters, a 10 MB string, SQL metacharacters, blanks, nulls, look-alikes of
 * valid ids, boundary lengths, and bad instants and durations. Not thread-safe.
 */
final class Hostile {
    /** Ten megabytes of text, shared by every draw. */
    static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

    private static final String[] SQL = {
        "'; DROP TABLE record; --", "\" OR 1=1 --", "' OR ''='", "%", "_", "\\", "\\'", "Robert'); DELETE FROM x;--",
        "1; UPDATE ledger_head SET position = 0", "$$", "/*", "*/", "`", "?", ":name", "${prefix}",
    };
    private static final String[] BLANK = {"", " ", "\t", "\u00a0", "\u2003", "\u3000", "\n"};

    private final SplittableRandom random;

    Hostile(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Any string, or null: mostly hostile, sometimes {@code valid}. */
    @Nullable
    String text(String valid) {
        return switch (random.nextInt(16)) {
            case 0 -> null;
            case 1 -> BLANK[random.nextInt(BLANK.length)];
            case 2 -> unicode(1 + random.nextInt(300));
            case 3 -> control();
            case 4 -> random.nextInt(20) == 0 ? TEN_MB : "y".repeat(254 + random.nextInt(4));
            case 5 -> SQL[random.nextInt(SQL.length)];
            case 6 -> lookalike(valid);
            case 7 -> valid + SQL[random.nextInt(SQL.length)];
            default -> valid;
        };
    }

    /** A string of random code points from every plane, with unpaired surrogates now and then. */
    String unicode(int length) {
        StringBuilder b = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> b.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
                case 1 -> b.appendCodePoint(0x1F300 + random.nextInt(0x300)); // emoji
                case 2 -> b.appendCodePoint(random.nextInt(0x110000)); // anything
                case 3 -> b.append("\u202e\u200b\u200d\ufeff\ufffd".charAt(random.nextInt(5)));
                default -> b.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    private String control() {
        StringBuilder b = new StringBuilder("user");
        b.insert(random.nextInt(5), (char) (random.nextBoolean() ? random.nextInt(0x20) : 0x7f + random.nextInt(0x21)));
        return b.toString();
    }

    /** A string a careless store might take for {@code valid}: other case, padded, normalised otherwise. */
    String lookalike(String valid) {
        return switch (random.nextInt(6)) {
            case 0 -> valid.toUpperCase(java.util.Locale.ROOT);
            case 1 -> valid + " ";
            case 2 -> " " + valid;
            case 3 -> valid + "\u200b";
            case 4 -> valid.replace('e', '\u00e9');
            default -> valid.replace("e", "e\u0301");
        };
    }

    /** An instant, or null: the extremes, the epoch, far and near, before and after {@code around}. */
    @Nullable
    Instant instant(Instant around) {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> Instant.MIN;
            case 2 -> Instant.MAX;
            case 3 -> Instant.EPOCH;
            case 4 -> around.plus(Duration.ofDays(365L * 1000));
            case 5 -> around.minusSeconds(1 + random.nextInt(100_000));
            case 6 -> around.plusSeconds(random.nextInt(3600));
            case 7 -> Instant.ofEpochSecond(-62_000_000_000L);
            default -> around;
        };
    }

    /** A duration, or null: negative, zero, huge. */
    @Nullable
    Duration duration() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Duration.ofSeconds(-1);
            case 2 -> Duration.ZERO;
            case 3 -> Duration.ofSeconds(Long.MAX_VALUE);
            case 4 -> Duration.ofNanos(1);
            default -> Duration.ofDays(1 + random.nextInt(800));
        };
    }

    /** An int from the edges. */
    int anyInt() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> -1;
            case 3 -> 0;
            default -> 1 + random.nextInt(3);
        };
    }

    /** A long from the edges. */
    long anyLong() {
        return switch (random.nextInt(5)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> -1;
            case 3 -> 0;
            default -> random.nextInt(1000);
        };
    }

    /** A list of a few values from {@code element}, sometimes with a null in it. */
    <T> @Nullable List<T> list(java.util.function.Supplier<T> element) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        int n = random.nextInt(4);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(element.get());
        }
        return out;
    }

    /**
     * {@code json} damaged: cut short, a value replaced by one of another type or null, a field removed, the
     * text wrapped, nested deeply, padded to 10 MB, or replaced by random text.
     */
    String json(String json) {
        String[] swaps = {
            "null",
            "\"\"",
            "\"x\"",
            "-1",
            "1e400",
            "99999999999999999999999",
            "1.5",
            "true",
            "[]",
            "{}",
            "\"\\u0000\"",
            "\"" + "\\ud800" + "\"",
            "[1,2",
            "\"2024-02-30T25:61:00Z\"",
            "\"not-a-uuid\""
        };
        return switch (random.nextInt(9)) {
            case 0 -> json.substring(0, random.nextInt(json.length()));
            case 1, 2 -> replaceValue(json, swaps[random.nextInt(swaps.length)]);
            case 3 -> removeField(json);
            case 4 -> "[" + json + "]";
            case 5 -> "[".repeat(100_000) + "]".repeat(100_000);
            case 6 -> json.substring(0, json.length() - 1) + ",\"padding\":\"" + TEN_MB + "\"}";
            case 7 -> unicode(1 + random.nextInt(200));
            default -> json + (random.nextBoolean() ? "}" : " trailing");
        };
    }

    private String replaceValue(String json, String value) {
        List<int[]> spans = valueSpans(json);
        int[] s = spans.get(random.nextInt(spans.size()));
        return json.substring(0, s[0]) + value + json.substring(s[1]);
    }

    private String removeField(String json) {
        List<int[]> spans = valueSpans(json);
        int[] s = spans.get(random.nextInt(spans.size()));
        int keyStart = json.lastIndexOf('"', json.lastIndexOf('"', s[0] - 2) - 1);
        int end = s[1] < json.length() && json.charAt(s[1]) == ',' ? s[1] + 1 : s[1];
        String out = json.substring(0, keyStart) + json.substring(end);
        return out.replace(",}", "}");
    }

    /** Where the top-level values of a flat JSON object begin and end. */
    private static List<int[]> valueSpans(String json) {
        List<int[]> spans = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = -1;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (depth == 1 && start >= 0) {
                        spans.add(new int[] {start, i});
                        start = -1;
                    }
                    depth--;
                }
                case ':' -> {
                    if (depth == 1) {
                        start = i + 1;
                    }
                }
                case ',' -> {
                    if (depth == 1 && start >= 0) {
                        spans.add(new int[] {start, i});
                        start = -1;
                    }
                }
                default -> {}
            }
        }
        return spans;
    }
}
