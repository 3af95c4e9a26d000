package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.merkle.CheckpointPublisher;
import dev.consent.merkle.CheckpointSink;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint publisher, on real threads, files and an HTTP server: every sink gets each larger checkpoint once,
 * signed notes that the signer's verifier key accepts; a failing sink is counted and retried without holding up the
 * others; bad configuration is refused.
 */
class CheckpointPublisherTest {
    private static final NoteSigner SIGNER = NoteSigner.generate("shop.example/consent");
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "banner");

    @TempDir
    Path first;

    @TempDir
    Path second;

    private static ConsentSystem system() {
        ConsentSystem cs = ConsentSystem.builder()
                .store(new InMemoryConsentStore())
                .checkpointSigner(SIGNER)
                .build();
        cs.purposes()
                .define(Purpose.builder("news")
                        .version(1)
                        .title("Newsletter")
                        .description("The weekly newsletter")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
        return cs;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void everySink_getsEachLargerCheckpoint_once_asASignedNoteTheVerifierAccepts() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/checkpoints", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkpoints");
        try (ConsentSystem cs = system()) {
            cs.ledger().grant("user-1", "news", WEB);
            try (CheckpointPublisher publisher = CheckpointPublisher.builder(cs.ledger())
                    .sink(CheckpointSink.directory(first))
                    .sink(CheckpointSink.directory(second))
                    .sink(CheckpointSink.webhook(endpoint, Duration.ofSeconds(5)))
                    .every(Duration.ofMillis(50))
                    .start()) {
                await("the first checkpoint", () -> posted.size() == 1);
                cs.ledger().withdraw("user-1", "news", WEB);
                cs.ledger().grant("user-2", "news", WEB);
                await("the second checkpoint", () -> posted.size() == 2);
                Thread.sleep(300); // several runs of an idle ledger
                assertThat(publisher.failures()).isZero();
                assertThat(publisher.latest())
                        .hasValueSatisfying(cp -> assertThat(cp.size()).isEqualTo(3));
            }
        } finally {
            server.stop(0);
        }

        assertThat(posted).hasSize(2);
        for (Path dir : List.of(first, second)) {
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("checkpoint-1.txt", "checkpoint-3.txt", "checkpoint.latest");
            }
            SignedCheckpoint one =
                    SignedCheckpoint.parse(Files.readString(dir.resolve("checkpoint-1.txt")), SIGNER.verifier());
            SignedCheckpoint three =
                    SignedCheckpoint.parse(Files.readString(dir.resolve("checkpoint.latest")), SIGNER.verifier());
            assertThat(one.size()).isEqualTo(1);
            assertThat(three.size()).isEqualTo(3);
            assertThat(three.toString()).isEqualTo(posted.get(1));
        }
    }

    @Test
    void aFailingSink_isCountedAndRetried_withoutHoldingUpTheOthers() throws Exception {
        List<Long> taken = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        try (ConsentSystem cs = system()) {
            cs.ledger().grant("user-1", "news", WEB);
            try (CheckpointPublisher publisher = CheckpointPublisher.builder(cs.ledger())
                    .sink(cp -> {
                        if (calls[0]++ < 2) {
                            throw new IOException("the audit share is offline");
                        }
                        taken.add(cp.size());
                    })
                    .sink(CheckpointSink.directory(first))
                    .every(Duration.ofMillis(30))
                    .start()) {
                await("the failing sink's retry", () -> taken.size() == 1);
                assertThat(publisher.failures()).isEqualTo(2);
            }
        }
        assertThat(taken).containsExactly(1L);
        assertThat(first.resolve("checkpoint-1.txt")).exists();
    }

    @Test
    void badConfiguration_isRefused_namingTheSetting() {
        try (ConsentSystem cs = system()) {
            assertThatThrownBy(() -> CheckpointPublisher.builder(cs.ledger()).start())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sinks");
            assertThatThrownBy(() -> CheckpointPublisher.builder(cs.ledger()).every(Duration.ZERO))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("interval");
            assertThatThrownBy(() -> CheckpointSink.directory(first.resolve("missing")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("directory");
            assertThatThrownBy(() -> CheckpointSink.webhook(URI.create("ftp://audit.example/"), Duration.ofSeconds(1)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("endpoint");
        }
    }
}
