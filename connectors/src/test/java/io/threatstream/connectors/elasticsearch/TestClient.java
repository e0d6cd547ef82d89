package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.ConnectionSettings;
import io.threatstream.connectors.elasticsearch.internal.Credentials;
import io.threatstream.connectors.elasticsearch.internal.RestClientFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads and prepares indices of a {@link LocalElasticsearch} node for assertions. */
public final class TestClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RestClient client;

    /** A client authenticated as the administrator {@link LocalElasticsearch#USERNAME}. */
    public TestClient(LocalElasticsearch node) throws IOException {
        this(node, LocalElasticsearch.USERNAME, node.password());
    }

    /** A client authenticated as {@code username}. */
    public TestClient(LocalElasticsearch node, String username, Secret password) throws IOException {
        this.client = RestClientFactory.create(new ConnectionSettings(
                List.of(node.url()),
                Credentials.basic(username, password),
                Files.readAllBytes(node.caCertificate()),
                node.caCertificate().toString(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60)));
    }

    /** Calls the REST API; {@code path} may have a query string ({@code ignore=404} included). */
    public JsonNode call(String method, String path, String jsonBody) throws IOException {
        int query = path.indexOf('?');
        Request request = new Request(method, query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            for (String parameter : path.substring(query + 1).split("&")) {
                String[] keyValue = parameter.split("=", 2);
                request.addParameter(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
            }
        }
        if (jsonBody != null) {
            request.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
        }
        Response response = client.performRequest(request);
        return MAPPER.readTree(EntityUtils.toByteArray(response.getEntity()));
    }

    public void createIndex(String index, String mappingsJson) throws IOException {
        call("PUT", "/" + index, "{\"mappings\":" + mappingsJson + "}");
    }

    /** Makes everything written so far searchable; an index that does not exist yet is fine. */
    public void refresh(String index) throws IOException {
        call("POST", "/" + index + "/_refresh?ignore=404", null);
    }

    /**
     * Documents in the index; 0 if it does not exist yet, or if it was created so recently that its
     * shard is not active yet (Elasticsearch answers 503 for that moment).
     */
    public long count(String index) throws IOException {
        try {
            refresh(index);
            return call("GET", "/" + index + "/_count?ignore=404", null).path("count").asLong(0);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 503) {
                return 0;
            }
            throw e;
        }
    }

    /** All documents of the index as {@code _id} plus {@code _source} hits (at most 10,000). */
    public List<JsonNode> searchAll(String index) throws IOException {
        refresh(index);
        JsonNode hits = call("GET", "/" + index + "/_search?size=10000", "{\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        List<JsonNode> all = new ArrayList<>();
        hits.forEach(all::add);
        return all;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
