package dev.ferret.report.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * POSTs the JSON Lines report to an HTTP(S) collector with bounded retries: a few attempts with growing pauses,
 * each with a timeout, so a dead collector costs seconds, never the local report.
 */
public final class HttpPoster {
    private final URI uri;
    private final int attempts;
    private final Duration firstPause;
    private final Duration timeout;

    public HttpPoster(URI uri, int attempts, Duration firstPause, Duration timeout) {
        this.uri = uri;
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.timeout = timeout;
    }

    /** Checks the URL before the scan; throws IllegalArgumentException with a one-line reason. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--post: not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("--post: expected an http:// or https:// URL, not " + url);
        }
        return uri;
    }

    /** Sends the body; returns the HTTP status of the accepted attempt, or throws after the last one failed. */
    public int post(byte[] body, String contentType) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String last = "no attempt";
        Duration pause = firstPause;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return response.statusCode();
                }
                last = "HTTP " + response.statusCode();
                if (response.statusCode() / 100 == 4 && response.statusCode() != 408 && response.statusCode() != 429) {
                    break; // the collector refuses this report: retrying changes nothing
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                pause = pause.multipliedBy(2);
            }
        }
        throw new IOException(last + " after " + attempts + " attempt(s)");
    }
}
