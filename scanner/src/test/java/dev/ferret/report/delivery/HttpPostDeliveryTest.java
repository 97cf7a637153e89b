package dev.ferret.report.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.ferret.report.html.SyntheticScans;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --post against a JDK HttpServer on loopback: delivery, bounded retries, a collector that refuses. */
class HttpPostDeliveryTest {
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> bodies = new ArrayList<>();

    private URI serve(int... statuses) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ingest", exchange -> {
            int n = calls.getAndIncrement();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ingest");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theJsonLinesReportArrivesAfterAServerError() throws Exception {
        URI uri = serve(503, 200);
        Delivery d = Delivery.of(null, null, null, uri.toString(), false);
        assertEquals(List.of(), d.deliver(SyntheticScans.of(3)));
        assertEquals(2, calls.get(), "one retry after the 503");
        String body = bodies.get(1);
        assertEquals(3 + 3 + 1, body.lines().count(), body);
        assertTrue(body.lines().allMatch(l -> l.startsWith("{\"@timestamp\"")));
    }

    @Test
    void retriesAreBounded() throws Exception {
        URI uri = serve(500);
        HttpPoster poster = new HttpPoster(uri, 3, Duration.ofMillis(10), Duration.ofSeconds(2));
        Exception e = assertThrows(java.io.IOException.class, () -> poster.post(new byte[] {1}, "text/plain"));
        assertEquals(3, calls.get());
        assertTrue(e.getMessage().contains("HTTP 500 after 3 attempt(s)"), e.getMessage());
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        URI uri = serve(403);
        HttpPoster poster = new HttpPoster(uri, 3, Duration.ofMillis(10), Duration.ofSeconds(2));
        assertThrows(java.io.IOException.class, () -> poster.post(new byte[] {1}, "text/plain"));
        assertEquals(1, calls.get());
    }

    @Test
    void badUrlsAreRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> Delivery.of(null, null, null, "ftp://x/", false));
        assertThrows(IllegalArgumentException.class, () -> Delivery.of("nohost", null, null, null, false));
        assertThrows(IllegalArgumentException.class, () -> Delivery.of("h:99999", null, null, null, false));
        assertThrows(IllegalArgumentException.class, () -> Delivery.of("h:514", "carrier-pigeon", null, null, false));
    }
}
