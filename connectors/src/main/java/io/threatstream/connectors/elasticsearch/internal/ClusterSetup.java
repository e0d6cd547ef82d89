package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.ElasticsearchSinkException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the writer does with the cluster before the first document: check that it answers and
 * accepts the credentials, so a wrong key or an untrusted certificate fails the job at start with
 * a clear message rather than at the first alert; then, if asked, install the index templates.
 */
public final class ClusterSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Above the priority (100) of Elasticsearch's built-in {@code logs} template. */
    static final int TEMPLATE_PRIORITY = 200;

    private ClusterSetup() {}

    /**
     * Authenticates ({@code GET /_security/_authenticate}, which needs no privilege). When security
     * is off that endpoint does not exist; the cluster health call then proves the cluster answers.
     *
     * @throws ElasticsearchSinkException with what failed and what to check
     */
    public static void verifyConnection(RestClient client, ConnectionSettings settings) {
        try {
            Response response = client.performRequest(new Request("GET", "/_security/_authenticate"));
            JsonNode user = MAPPER.readTree(EntityUtils.toByteArray(response.getEntity()));
            LOG.info("Connected to Elasticsearch at {} as user '{}'.", settings.hosts(), user.path("username").asText("?"));
            return;
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status != 400 && status != 404 && status != 405 && status != 410) {
                throw failure(settings, e);
            }
        } catch (IOException | RuntimeException e) {
            throw failure(settings, e);
        }
        try {
            client.performRequest(new Request("GET", "/_cluster/health"));
            LOG.info("Connected to Elasticsearch at {} (security is off).", settings.hosts());
        } catch (IOException | RuntimeException e) {
            throw failure(settings, e);
        }
    }

    private static ElasticsearchSinkException failure(ConnectionSettings settings, Exception e) {
        return new ElasticsearchSinkException(
                "Cannot use Elasticsearch at " + settings + ": " + RequestFailure.of(e).description(), e);
    }

    /**
     * Installs (or replaces) composable index templates for the alert index and the dead-letter
     * index: data streams, priority {@value #TEMPLATE_PRIORITY}, with typed mappings for the alert
     * fields (dates, numbers; other strings as keywords).
     */
    public static void installTemplates(RestClient client, String index, String deadLetterIndex) {
        putTemplate(client, index, "alert-mappings.json");
        putTemplate(client, deadLetterIndex, "dead-letter-mappings.json");
    }

    static ObjectNode template(String index, String mappingsResource) {
        ObjectNode template = MAPPER.createObjectNode();
        template.putArray("index_patterns").add(index);
        template.put("priority", TEMPLATE_PRIORITY);
        template.putObject("data_stream");
        template.putObject("template").set("mappings", readMappings(mappingsResource));
        template.putObject("_meta").put("managed_by", "threatstream elasticsearch sink");
        return template;
    }

    private static void putTemplate(RestClient client, String index, String mappingsResource) {
        Request request = new Request("PUT", "/_index_template/" + index);
        request.setEntity(new StringEntity(template(index, mappingsResource).toString(), ContentType.APPLICATION_JSON));
        try {
            client.performRequest(request);
            LOG.info("Installed index template '{}' for {}.", index, index);
        } catch (IOException e) {
            throw new ElasticsearchSinkException(
                    "Cannot install the index template for " + index + ": " + RequestFailure.of(e).description(), e);
        }
    }

    private static JsonNode readMappings(String resource) {
        try (InputStream in = ClusterSetup.class.getResourceAsStream("/io/threatstream/connectors/elasticsearch/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read resource " + resource, e);
        }
    }
}
