package dev.ferret.fleet.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferret.cli.BadInputException;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * One OpenSearch (or Elasticsearch-compatible) node through the official OpenSearch Java client. Requests are
 * JSON in the query DSL, sent with the client's generic API: the same text a responder can paste in Dev Tools.
 */
public final class OpenSearchConnection implements AutoCloseable {
    public static final String REPORTS = "ferret-reports";
    public static final String FLEET = "ferret-fleet";

    private final OpenSearchTransport transport;
    private final OpenSearchGenericClient client;
    private final ObjectMapper json = new ObjectMapper();

    private OpenSearchConnection(OpenSearchTransport transport) {
        this.transport = transport;
        this.client = new OpenSearchGenericClient(transport);
    }

    public static OpenSearchConnection open(String url) {
        HttpHost host;
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new BadInputException("not an http(s) URL: " + url);
            }
            host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort() < 0
                    ? (uri.getScheme().equals("https") ? 443 : 80) : uri.getPort());
        } catch (URISyntaxException e) {
            throw new BadInputException("not a URL: " + url);
        }
        return new OpenSearchConnection(ApacheHttpClient5TransportBuilder.builder(host).build());
    }

    public JsonNode call(String method, String endpoint, String body) throws IOException {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (body != null) {
            request.body(Body.from(body.getBytes(StandardCharsets.UTF_8),
                    endpoint.contains("_bulk") ? "application/x-ndjson" : "application/json"));
        }
        try (Response r = client.execute(request.build())) {
            String text = r.getBody().map(Body::bodyAsString).orElse("{}");
            if (r.getStatus() >= 300) {
                throw new IOException("OpenSearch answered " + r.getStatus() + " to " + method + " " + endpoint + ": "
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
            }
            return json.readTree(text);
        }
    }

    /** Installs the two index templates (idempotent: a template is replaced by the same one). */
    public void installTemplates() throws IOException {
        for (String index : new String[] {REPORTS, FLEET}) {
            try (InputStream in = OpenSearchConnection.class.getResourceAsStream(index + ".template.json")) {
                call("PUT", "/_index_template/" + index, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    ObjectMapper json() {
        return json;
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
