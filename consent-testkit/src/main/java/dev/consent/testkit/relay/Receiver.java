package dev.consent.testkit.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.consent.relay.ChangeMessage;
import dev.consent.relay.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback for the relay tests: checks each request's signature, records what
 * arrived and when, and can fail, hang or go down on demand. Counts requests in flight at once.
 */
public final class Receiver implements AutoCloseable {
    /** The shared secret of the tests. */
    public static final byte[] SECRET = "relay-test-secret-0123456789".getBytes();

    /** One accepted message and when it arrived. */
    public record Arrival(ChangeMessage message, Instant at) {}

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile int status = 200;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private volatile int hangAfter = Integer.MAX_VALUE;
    private HttpServer server;
    private int port;

    public Receiver() throws IOException {
        bind(0);
    }

    private synchronized void bind(int wanted) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        server.setExecutor(executor);
        server.createContext("/hook", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/hook");
    }

    /** Answers {@code status} to the next {@code n} requests. */
    public void failNext(int n, int status) {
        this.status = status;
        failuresLeft.set(n);
    }

    /** Answers 500 to every request from now on, or stops doing so. */
    public void failAlways(boolean fail) {
        failNext(fail ? Integer.MAX_VALUE : 0, 500);
    }

    /** The request after {@code n} accepted messages is recorded and then held until {@link #release()}. */
    /** Holds the request of the {@code n + 1}th distinct message until {@link #release()}. */
    public void hangAfter(int n) {
        hang = new CountDownLatch(1);
        hangAfter = n;
    }

    public void release() {
        hang.countDown();
    }

    /** Stops listening: connections are refused. */
    public synchronized void goDown() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public synchronized void comeBack() throws IOException {
        bind(port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        int answer = 200;
        boolean counted = true;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String ts = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String sig = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            if (!WebhookSignature.verify(SECRET, ts, sig, body, Instant.now(), Duration.ofMinutes(5))) {
                badSignatures.incrementAndGet();
                answer = 401;
            } else if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                answer = status;
            } else {
                ChangeMessage message =
                        ChangeMessage.fromJson(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                boolean holdThis;
                synchronized (arrivals) {
                    // counted in distinct messages: a sender's retry of a message (its request timed out on a
                    // busy machine) must not move the message that is held
                    boolean first =
                            arrivals.stream().noneMatch(a -> a.message().key().equals(message.key()));
                    arrivals.add(new Arrival(message, Instant.now()));
                    holdThis = first
                            && arrivals.stream()
                                            .map(a -> a.message().key())
                                            .distinct()
                                            .count()
                                    == hangAfter + 1;
                }
                if (holdThis) {
                    try {
                        hang.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            inFlight.decrementAndGet();
            counted = false;
            exchange.sendResponseHeaders(answer, -1);
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            exchange.close();
        }
    }

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** Distinct keys received. */
    public Set<String> keys() {
        Set<String> keys = new HashSet<>();
        arrivals().forEach(a -> keys.add(a.message().key()));
        return keys;
    }

    public int requests() {
        return requests.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * Per subject, the subject sequences in the order they first arrived (a redelivery of a key seen before
     * is left out).
     */
    public Map<String, List<Long>> firstArrivalOrder() {
        Map<String, List<Long>> order = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Arrival a : arrivals()) {
            if (seen.add(a.message().key())) {
                order.computeIfAbsent(a.message().subject(), s -> new ArrayList<>())
                        .add(a.message().subjectSequence());
            }
        }
        return order;
    }

    @Override
    public synchronized void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
