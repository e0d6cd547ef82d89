package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The harness's few questions to Elasticsearch (plain HTTP, no authentication: the local node). */
final class Elasticsearch {

    /** Most ids {@link #ids} returns: one search page, more than any part of the run writes. */
    static final int MAX_IDS = 10_000;

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

    /** The {@code _id}s in {@code index} (at most {@value #MAX_IDS}) after a refresh. */
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
        return ids;
    }

    private boolean refresh(String index) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send("POST", "/" + index + "/_refresh", null);
        if (response.statusCode() == 404) {
            return false;
        }
        check("POST", "/" + index + "/_refresh", response);
        return true;
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(method, path, body);
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

    private HttpResponse<byte[]> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
