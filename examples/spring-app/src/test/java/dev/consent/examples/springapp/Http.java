package dev.consent.examples.springapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP client on the application's port, as a browser without scripts uses it: GETs, form POSTs
 * ({@code application/x-www-form-urlencoded}), redirects not followed, so a test sees each 303.
 */
final class Http {
    static final String USER_AGENT = "consent-example-test/1.0";

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Http(int port) {
        this.base = URI.create("http://localhost:" + port);
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** POSTs the form {@code fields}: name, value, name, value, ... (a name may repeat). */
    HttpResponse<String> post(String path, String... fields) {
        return send(postRequest(path, fields));
    }

    HttpRequest postRequest(String path, String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
        }
        return request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
                .build();
    }

    HttpClient client() {
        return client;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("User-Agent", USER_AGENT);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The {@code Location} of a redirect. */
    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location"));
    }

    /** Every tag {@code <input ...>} of the page whose attributes contain {@code attribute}, as written. */
    static List<String> inputs(String html, String attribute) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<input\\b[^>]*>").matcher(html);
        while (m.find()) {
            if (m.group().contains(attribute)) {
                found.add(m.group());
            }
        }
        return found;
    }

    /** The value of attribute {@code name} in the tag {@code tag}. */
    static String attribute(String tag, String name) {
        Matcher m =
                Pattern.compile("\\b" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + tag);
        }
        return m.group(1);
    }
}
