package dev.consent.relay;

import dev.consent.InvalidInputException;
import dev.consent.spi.ChangeSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A sink that POSTs each message as JSON ({@link ChangeMessage#toJson()}) to an HTTP endpoint with the
 * JDK's {@link HttpClient}. Each request carries {@value WebhookSignature#TIMESTAMP_HEADER},
 * {@value WebhookSignature#SIGNATURE_HEADER} (HMAC-SHA256 over the timestamp and the body, see
 * {@link WebhookSignature}) and {@value WebhookSignature#KEY_HEADER}. A 2xx answer acknowledges; any other
 * status, a timeout or a connection failure is a {@link DeliveryFailedException}. Thread-safe.
 */
public final class WebhookSink implements ChangeSink {
    private final URI endpoint;
    private final byte[] secret;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClient client;

    private WebhookSink(Builder b) {
        this.endpoint = b.endpoint;
        this.secret = b.secret.clone();
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A builder for a sink posting to {@code endpoint} (http or https). */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /**
     * Posts the message and waits for the answer.
     *
     * @throws DeliveryFailedException on a non-2xx status, a timeout or a connection failure
     * @throws InterruptedException if the calling thread was interrupted while waiting
     */
    @Override
    public void deliver(ChangeMessage message) throws InterruptedException {
        byte[] body = message.toJson().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body))
                .header(WebhookSignature.KEY_HEADER, message.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailedException("POST " + endpoint + " failed: " + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryFailedException("POST " + endpoint + " answered " + response.statusCode(), null);
        }
    }

    @Override
    public String toString() {
        return "WebhookSink[" + endpoint + "]";
    }

    /** Settings of a {@link WebhookSink}; each may be given once. Not thread-safe. */
    public static final class Builder {
        private final URI endpoint;
        private final Set<String> given = new HashSet<>();
        private byte[] secret = new byte[0];
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new InvalidInputException("endpoint", endpoint, "must be an http or https URI");
            }
            this.endpoint = endpoint;
        }

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The shared secret of the signature; required, at least 16 bytes. */
        public Builder secret(byte[] secret) {
            once("secret");
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 16) {
                throw new InvalidInputException("secret", secret.length + " bytes", "must be at least 16 bytes");
            }
            this.secret = secret.clone();
            return this;
        }

        /** How long to wait for the answer to one request; default 10 seconds. */
        public Builder requestTimeout(Duration timeout) {
            once("requestTimeout");
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** How long to wait for a connection; default 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            once("connectTimeout");
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** The clock of the signature's timestamp; default the system clock. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The sink.
         *
         * @throws IllegalStateException if no secret was given
         */
        public WebhookSink build() {
            if (secret.length == 0) {
                throw new IllegalStateException("a webhook sink needs a secret: call secret(...)");
            }
            return new WebhookSink(this);
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidInputException(field, d, "must be positive");
            }
            return d;
        }
    }
}
