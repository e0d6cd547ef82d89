package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.ElasticsearchSinkException;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Node;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;

/**
 * Builds the low-level Elasticsearch REST client from {@link ConnectionSettings}. This is where the
 * secret is read: in the JVM that talks to Elasticsearch.
 */
public final class RestClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RestClientFactory.class);

    private RestClientFactory() {}

    /**
     * @throws ElasticsearchSinkException if the secret of the credentials cannot be read here
     */
    public static RestClient create(ConnectionSettings settings) {
        HttpHost[] hosts = settings.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts);
        if (settings.credentials() != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", authorizationHeader(settings))});
        }
        builder.setRequestConfigCallback(
                config ->
                        config.setConnectTimeout((int) settings.connectTimeout().toMillis())
                                .setSocketTimeout((int) settings.socketTimeout().toMillis()));
        if (settings.caCertificatePem() != null) {
            SSLContext ssl = TrustedCertificates.sslContext(settings.caCertificatePem(), settings.caCertificateOrigin());
            builder.setHttpClientConfigCallback(http -> http.setSSLContext(ssl));
        }
        builder.setFailureListener(
                new RestClient.FailureListener() {
                    @Override
                    public void onFailure(Node node) {
                        LOG.warn("Elasticsearch node {} failed; requests go to the other hosts until it is back.", node.getHost());
                    }
                });
        return builder.build();
    }

    private static String authorizationHeader(ConnectionSettings settings) {
        try {
            return settings.credentials().authorizationHeader();
        } catch (IllegalArgumentException e) {
            throw new ElasticsearchSinkException(
                    "Cannot read the Elasticsearch credentials in this process: " + e.getMessage()
                            + " Every JobManager and TaskManager needs it.",
                    e);
        }
    }
}
