package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.Tombstone;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * After erasure, nothing of the erased person's evidence is left anywhere: not in the store (every table of a
 * database, scanned by a store's override of {@link #storedTexts}), not in anything the API answers, not in
 * any log line written during the whole scenario (every logger at TRACE), and, where
 * {@link #searchesTheHeap()}, not in a heap dump of the live objects of the JVM (the cache included).
 *
 * <p>Every piece of evidence (IP address, user agent, attribute names and values, the erasure request's own
 * evidence) carries a canary: a tag and a random token. The test keeps only the token reversed, so its own
 * objects never hold a canary. The decision skeleton survives erasure by design (subject id, purposes,
 * actions, times, channel, actor, collection point, notice version, jurisdiction, interaction id, hashes):
 * those fields carry survivor markers, and the test asserts they are still found, which also shows the
 * scans look where the canaries were.
 */
public abstract class CanaryContract extends BehaviourContract {
    private static final String SUBJECT = "canary-subject";
    private static final String BYSTANDER = "bystander";

    /** The canary token, reversed: the test never holds it the right way round. */
    private final String reversedToken = reverse(UUID.randomUUID().toString().replace("-", ""));
    /** The bystander's evidence token, reversed too: found in the heap, it shows the heap search works. */
    private final String reversedKeptToken =
            reverse(UUID.randomUUID().toString().replace("-", ""));

    private final String marker = "survivor" + UUID.randomUUID().toString().substring(0, 8);

    /**
     * The subject's birth date, stated as a child's ({@code ConsentLedger.stateAge}): personal data that erasure
     * must remove from the store and every output (a date has too little entropy for the heap search, and the log
     * search is left to the canary tokens; see the test).
     */
    private final java.time.LocalDate birthDate = java.time.LocalDate.of(
            2010 + java.util.concurrent.ThreadLocalRandom.current().nextInt(3),
            1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12),
            1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(28));

    /**
     * Every text the store holds, for the search: by default what its SPI reads return (records, evidence and
     * purposes); a database store returns every value of every column of every table it owns.
     */
    protected List<String> storedTexts(ConsentStore store, List<String> subjects) {
        return textsThroughTheSpi(store, subjects);
    }

    /** What the SPI reads of {@code store} return about {@code subjects}: records, evidence and purposes, as texts. */
    public static List<String> textsThroughTheSpi(ConsentStore store, List<String> subjects) {
        List<String> out = new ArrayList<>();
        for (List<ConsentRecord> page = store.readFeed(0, 500);
                !page.isEmpty();
                page = store.readFeed(page.get(page.size() - 1).position(), 500)) {
            page.forEach(r -> out.add(r.toString()));
        }
        for (String subject : subjects) {
            for (StoredEvidence e : store.readEvidence(subject).values()) {
                out.add(String.valueOf(e.evidence()));
            }
        }
        store.loadPurposes().forEach(p -> out.add(p.toString()));
        return out;
    }

    /** Whether to search a heap dump of the JVM: true where the store keeps nothing in this JVM but its own objects. */
    protected boolean searchesTheHeap() {
        return true;
    }

    /** What the API answers about the subject after erasure. Adding an output is one line here. */
    private Map<String, Supplier<Object>> outputs(ConsentSystem cs) {
        Map<String, Supplier<Object>> out = new LinkedHashMap<>();
        out.put("history", () -> cs.ledger().history(SUBJECT));
        out.put("evidence", () -> cs.ledger().evidence(SUBJECT));
        out.put("currentState", () -> cs.ledger().currentState(SUBJECT));
        out.put("stateAt(first grant)", () -> cs.ledger().stateAt(SUBJECT, Fixtures.START));
        out.put("stateAt(now)", () -> cs.ledger().stateAt(SUBJECT, clock.instant()));
        out.put("verify(subject)", () -> cs.ledger().verify(SUBJECT));
        out.put("verify()", () -> cs.ledger().verify());
        out.put(
                "checks",
                () -> List.of(cs.enforcer().check(SUBJECT, EMAIL), cs.enforcer().check(SUBJECT, ANALYTICS)));
        out.put("tombstones", () -> Tombstone.toJson(cs.ledger().tombstones()));
        out.put(
                "transparency report",
                () -> cs.reports().transparency(Fixtures.START, clock.instant()).toJson());
        out.put("access export", () -> cs.ledger().export(SUBJECT).toJson());
        out.put("receipts", () -> {
            dev.consent.Receipts receipts =
                    dev.consent.Receipts.of(cs, ReceiptsContract.settings().build());
            List<String> found = cs.ledger().history(SUBJECT).stream()
                    .map(r -> r.interactionId())
                    .distinct()
                    .flatMap(id -> receipts.findReceipt(SUBJECT, id).map(r -> r.json()).stream())
                    .toList();
            assertThat(found)
                    .as("receipts of the subject's decisions, to search")
                    .isNotEmpty();
            return found;
        });
        return out;
    }

    @Test
    void afterErasure_noCanaryIsLeftInTheStore_theApi_theLogs_orTheHeap() throws Exception {
        ConsentSystem cs;
        try (LogCapture logs = new LogCapture()) {
            cs = systemWithPurposes();
            cs.subscribe(change -> {
                throw new IllegalStateException("a listener that fails, so that the library logs about it");
            });
            recordTheScenario(cs);
            assertThat(String.valueOf(cs.ledger().evidence(SUBJECT)))
                    .as("the canaries were stored")
                    .contains(token());
            clock.advance(Duration.ofDays(1));

            cs.ledger()
                    .erase(
                            SUBJECT,
                            CollectionContext.builder(Channel.API)
                                    .collectionPoint("dsar_portal")
                                    .actor(Actor.operator("dpo-" + marker))
                                    .evidence(new Evidence(
                                            ip("erasure"), tag("erasure-ua"), Map.of("ticket", tag("erasure-ticket"))))
                                    .build());

            assertThat(cs.enforcer().check(SUBJECT, EMAIL).allowed()).isFalse();
            for (Map.Entry<String, Supplier<Object>> output : outputs(cs).entrySet()) {
                String text = String.valueOf(output.getValue().get());
                assertNoCanary(output.getKey(), text);
                assertThat(text).as("the birth date in " + output.getKey()).doesNotContain(birthDate.toString());
            }
            List<String> stored = storedTexts(store, List.of(SUBJECT, BYSTANDER));
            String all = String.join("\n", stored);
            assertNoCanary("the store", all);
            assertThat(all).as("the birth date in the store").doesNotContain(birthDate.toString());
            assertThat(all)
                    .as("the decision skeleton stays")
                    .contains(
                            "form-" + marker,
                            "notice-" + marker,
                            "parent-" + marker,
                            "authority-" + marker,
                            "interaction-" + marker,
                            "age-gate-" + marker,
                            SUBJECT);
            assertThat(all).as("the bystander's evidence stays").contains(reverse(reversedKeptToken));
            Thread.sleep(200); // let the failing listener's deliveries log
            String logged = logs.text();
            assertThat(logged).as("the scenario logged").contains("consent listener");
            assertNoCanary("the log output", logged);
            // the birth date is not searched in the log: a JDBC driver's wire trace (MariaDB Connector/J at TRACE
            // dumps every packet, the evidence insert included, 16 bytes a line) may show a 10-character date,
            // which is the driver's logging of what the application stores, not the library's
            logs.clear();
        }
        if (searchesTheHeap()) {
            assertNoCanaryInTheHeap();
        }
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    private void recordTheScenario(ConsentSystem cs) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("device", tag("device"));
        attributes.put("name-" + token(), "attribute whose name is the canary");
        CollectionContext signup = CollectionContext.builder(Channel.WEB)
                .collectionPoint("form-" + marker)
                .noticeVersion("notice-" + marker)
                .jurisdiction("EU")
                .actor(new Actor(dev.consent.ActorType.GUARDIAN, "parent-" + marker, "authority-" + marker))
                .evidence(new Evidence(ip("signup"), "Mozilla/5.0 \u2713 " + tag("ua"), attributes))
                .build();
        cs.ledger()
                .record(Interaction.builder(SUBJECT)
                        .interactionId("interaction-" + marker)
                        .context(signup)
                        .grant(EMAIL)
                        .grant(SMS)
                        .build());
        clock.advance(Duration.ofMinutes(1));
        CollectionContext app = CollectionContext.builder(Channel.MOBILE_APP)
                .collectionPoint("app-" + marker)
                .evidence(new Evidence(ip("app"), tag("app-ua"), Map.of("order", tag("order"))))
                .build();
        cs.ledger()
                .stateAge(
                        SUBJECT,
                        dev.consent.AgeStatement.birthDate(birthDate, "EU"),
                        CollectionContext.builder(Channel.WEB)
                                .collectionPoint("age-gate-" + marker)
                                .jurisdiction("EU")
                                .evidence(new Evidence(ip("age"), tag("age-ua"), Map.of()))
                                .build());
        assertThat(String.valueOf(cs.ledger().evidence(SUBJECT)))
                .as("the birth date was stored")
                .contains(birthDate.toString());
        cs.ledger().object(SUBJECT, ANALYTICS, app);
        cs.ledger().withdraw(SUBJECT, SMS, app);
        cs.ledger()
                .grant(
                        BYSTANDER,
                        EMAIL,
                        CollectionContext.builder(Channel.WEB)
                                .evidence(Evidence.of("198.51.100.1", "Bystander \u2713 " + reverse(reversedKeptToken)))
                                .build());
        cs.enforcer().check(SUBJECT, EMAIL);
        cs.enforcer().check(BYSTANDER, EMAIL);
        cs.ledger().stateAt(SUBJECT, clock.instant());
        cs.ledger().verify(SUBJECT);
    }

    private void assertNoCanary(String where, String text) {
        assertThat(text.contains(token()))
                .as("a canary in " + where + ": " + around(text))
                .isFalse();
    }

    private String around(String text) {
        int at = text.indexOf(token());
        return at < 0 ? "none" : text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 40));
    }

    private void assertNoCanaryInTheHeap() throws IOException {
        Path dir = Files.createTempDirectory("canary-heap-");
        Path dump = dir.resolve("live.hprof");
        try {
            System.gc();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.READ)) {
                assertThat(channel.size()).isLessThan(Integer.MAX_VALUE);
                MappedByteBuffer heap = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
                Set<String> kept = new HashSet<>();
                for (Charset cs :
                        List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                    long at = find(heap, token().getBytes(cs));
                    assertThat(at)
                            .as("the canary token in the heap, as " + cs + ", amid: " + printable(heap, at))
                            .isEqualTo(-1);
                    if (find(heap, reverse(reversedKeptToken).getBytes(cs)) >= 0) {
                        kept.add(cs.name());
                    }
                }
                assertThat(kept)
                        .as("the bystander's evidence is found in the heap (the search works)")
                        .isNotEmpty();
            }
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dir);
        }
    }

    /** The printable bytes around a hit, to tell what holds it. */
    private String printable(MappedByteBuffer heap, long at) {
        if (at < 0) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (long i = Math.max(0, at - 300); i < Math.min(heap.limit(), at + 100); i++) {
            byte b = heap.get((int) i);
            s.append(b >= 32 && b < 127 ? (char) b : '.');
        }
        return s.toString().replace(reverse(reversedToken), "<canary>");
    }

    private static long find(MappedByteBuffer heap, byte[] pattern) {
        int limit = heap.limit() - pattern.length;
        byte first = pattern[0];
        outer:
        for (int i = 0; i <= limit; i++) {
            if (heap.get(i) != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (heap.get(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The canary token, made afresh for each use and never kept. */
    private String token() {
        return reverse(reversedToken);
    }

    private String tag(String field) {
        return field + "-" + token();
    }

    private String ip(String field) {
        return "203.0.113.7 " + tag(field);
    }

    private static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }
}
