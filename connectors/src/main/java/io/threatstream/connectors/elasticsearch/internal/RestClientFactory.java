package io.threatstream.connectors.elasticsearch.internal;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Node;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;

/** Builds the low-level Elasticsearch REST client from {@link ConnectionSettings}. */
public final class RestClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RestClientFactory.class);

    private RestClientFactory() {}

    public static RestClient create(ConnectionSettings settings) {
        HttpHost[] hosts = settings.hosts().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts);
        if (settings.credentials() != null) {
            builder.setDefaultHeaders(
                    new Header[] {new BasicHeader("Authorization", settings.credentials().authorizationHeader())});
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
}
