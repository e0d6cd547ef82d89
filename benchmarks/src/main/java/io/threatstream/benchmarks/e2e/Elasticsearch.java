package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.connectors.elasticsearch.internal.ClusterSetup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/** The harness's few questions to Elasticsearch (plain HTTP, no authentication: the local node). */
final class Elasticsearch {

    /** Most ids {@link #ids} returns: one search page, more than any part of the run writes. */
    static final int MAX_IDS = 10_000;

    /** The id of the document {@link #createDataStream} writes. */
    static final String PLACEHOLDER_ID = "bench-placeholder";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Elasticsearch(URI url) {
        this.url = url;
    }

    URI url() {
        return url;
    }

    /** The documents in {@code index} after a refresh; 0 if it does not exist. */
    long count(String index) throws IOException, InterruptedException {
        if (!refresh(index)) {
            return 0;
        }
        return call("GET", "/" + index + "/_count", null).path("count").asLong();
    }

    /**
     * Creates the alert data stream {@code index} the way the job's sink does on its first alert, but
     * before a timed run: the sink's templates for it and its dead-letter index, then one document
     * with the id {@value #PLACEHOLDER_ID}, which {@link #ids} leaves out. A production sink writes
     * into a data stream that has long existed; without this, every drain run would also time the
     * node creating one on the same cores.
     */
    void createDataStream(String index, String deadLetterIndex) throws IOException, InterruptedException {
        try (RestClient client = RestClient.builder(HttpHost.create(url.toString())).build()) {
            ClusterSetup.installTemplates(client, index, deadLetterIndex);
        }
        call(
                "PUT",
                "/" + index + "/_create/" + PLACEHOLDER_ID,
                "{\"@timestamp\":\"" + Instant.now() + "\"}");
    }

    /**
     * Gives the data stream {@code to} the field mappings that writing into {@code from} made. A
     * production alert stream has long had the fields of the alerts it receives; a new one adds
     * them as its first alerts arrive, each time with an update of the cluster state, which cost
     * this 2-core machine's node about a second of CPU per drain run.
     */
    void copyMappings(String from, String to) throws IOException, InterruptedException {
        JsonNode indices = call("GET", "/" + from + "/_mapping", null);
        JsonNode properties = indices.elements().next().path("mappings").path("properties");
        call("PUT", "/" + to + "/_mapping", JSON.createObjectNode().set("properties", properties).toString());
    }

    /** The {@code _id}s in {@code index} (at most {@value #MAX_IDS}) after a refresh, but {@value #PLACEHOLDER_ID}. */
    Set<String> ids(String index) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        if (!refresh(index)) {
            return ids;
        }
        JsonNode hits =
                call("POST", "/" + index + "/_search", "{\"size\":" + MAX_IDS + ",\"_source\":false,\"query\":{\"match_all\":{}}}")
                        .path("hits")
                        .path("hits");
        hits.forEach(hit -> ids.add(hit.path("_id").asText()));
        ids.remove(PLACEHOLDER_ID);
        return ids;
    }

    /**
     * Warms the node up the way the sink uses it, so that a drain's job run does not also pay for
     * the JIT compiling a fresh node's indexing code on the same cores (a production cluster has
     * long been warm): {@code requests} {@code _bulk} requests of one or two of the documents in
     * {@code sampleIndex}, spread over {@code indices} new plain indices (no data stream template
     * matches their names), each refreshed every 50 requests and deleted at the end.
     *
     * @return the documents written
     */
    long warmUp(String sampleIndex, int requests, int indices) throws IOException, InterruptedException {
        refresh(sampleIndex);
        String alertsOnly = "{\"size\":100,\"query\":{\"bool\":{\"must_not\":{\"ids\":{\"values\":[\"" + PLACEHOLDER_ID + "\"]}}}}}";
        JsonNode hits = call("POST", "/" + sampleIndex + "/_search", alertsOnly)
                .path("hits")
                .path("hits");
        if (hits.isEmpty()) {
            throw new IllegalStateException(sampleIndex + " holds no documents to warm Elasticsearch up with");
        }
        long written = 0;
        for (int index = 0; index < indices; index++) {
            String name = "threatstream-bench-warm-up-" + index;
            for (int r = 0; r < requests / indices; r++) {
                StringBuilder body = new StringBuilder();
                for (int d = 0; d <= r % 2; d++) {
                    JsonNode source = hits.get((int) (written++ % hits.size())).path("_source");
                    body.append("{\"create\":{\"_index\":\"").append(name).append("\"}}\n")
                            .append(JSON.writeValueAsString(source)).append('\n');
                }
                JsonNode response = call("POST", "/_bulk?filter_path=errors", body.toString(), "application/x-ndjson");
                if (response.path("errors").asBoolean()) {
                    throw new IOException("the warm-up's bulk request into " + name + " had errors");
                }
                if (r % 50 == 49) {
                    refresh(name);
                }
            }
            call("DELETE", "/" + name, null);
        }
        return written;
    }

    private boolean refresh(String index) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send("POST", "/" + index + "/_refresh", null, null);
        if (response.statusCode() == 404) {
            return false;
        }
        check("POST", "/" + index + "/_refresh", response);
        return true;
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, "application/json");
    }

    private JsonNode call(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(method, path, body, contentType);
        check(method, path, response);
        return JSON.readTree(response.body());
    }

    private static void check(String method, String path, HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    method + " " + path + ": HTTP " + response.statusCode() + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private HttpResponse<byte[]> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
