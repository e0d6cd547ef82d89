package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.ElasticsearchSinkException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    /** The {@code _meta} field of an installed template that tells which template it is. */
    static final String CONTENT_DIGEST = "content_sha256";

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
     * fields (dates, numbers; other strings as keywords). A template that is already installed as
     * this version of the sink would write it is left alone: every writer subtask runs this at
     * every start, and each replacement is a cluster-state update on the master.
     */
    public static void installTemplates(RestClient client, String index, String deadLetterIndex) {
        putTemplate(client, index, "alert-mappings.json");
        putTemplate(client, deadLetterIndex, "dead-letter-mappings.json");
    }

    /**
     * The template for {@code index}; its {@code _meta.content_sha256} is the SHA-256 of the rest of
     * it, by which an installed template is recognised as this one.
     */
    static ObjectNode template(String index, String mappingsResource) {
        ObjectNode template = MAPPER.createObjectNode();
        template.putArray("index_patterns").add(index);
        template.put("priority", TEMPLATE_PRIORITY);
        template.putObject("data_stream");
        template.putObject("template").set("mappings", readMappings(mappingsResource));
        ObjectNode meta = template.putObject("_meta").put("managed_by", "threatstream elasticsearch sink");
        meta.put(CONTENT_DIGEST, sha256(template.toString()));
        return template;
    }

    private static void putTemplate(RestClient client, String index, String mappingsResource) {
        ObjectNode template = template(index, mappingsResource);
        try {
            if (template.path("_meta").path(CONTENT_DIGEST).equals(installedDigest(client, index))) {
                LOG.info("Index template '{}' for {} is up to date.", index, index);
                return;
            }
            Request request = new Request("PUT", "/_index_template/" + index);
            request.setEntity(new StringEntity(template.toString(), ContentType.APPLICATION_JSON));
            client.performRequest(request);
            LOG.info("Installed index template '{}' for {}.", index, index);
        } catch (IOException e) {
            throw new ElasticsearchSinkException(
                    "Cannot install the index template for " + index + ": " + RequestFailure.of(e).description(), e);
        }
    }

    /**
     * The {@code _meta.content_sha256} of the installed template {@code name}; missing if there is
     * none or it may not be read.
     */
    private static JsonNode installedDigest(RestClient client, String name) throws IOException {
        try {
            Response response = client.performRequest(new Request("GET", "/_index_template/" + name));
            JsonNode templates = MAPPER.readTree(EntityUtils.toByteArray(response.getEntity())).path("index_templates");
            return templates.path(0).path("index_template").path("_meta").path(CONTENT_DIGEST);
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            // 403: the installing PUT then fails too, with the message that names the privilege.
            if (status == 404 || status == 403) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
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
