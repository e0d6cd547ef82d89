package io.threatstream.connectors.elasticsearch.internal;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the cluster is and how to talk to it: host URLs (the client spreads requests over them
 * and fails over when one is down), credentials, the trusted CA, timeouts. Validated when built,
 * so configuration errors show at job submission.
 */
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> hosts;
    private final Credentials credentials;
    private final byte[] caCertificatePem;
    private final String caCertificateOrigin;
    private final Duration connectTimeout;
    private final Duration socketTimeout;

    public ConnectionSettings(
            List<String> hosts,
            Credentials credentials,
            byte[] caCertificatePem,
            String caCertificateOrigin,
            Duration connectTimeout,
            Duration socketTimeout) {
        this.hosts = List.copyOf(hosts);
        this.credentials = credentials;
        this.caCertificatePem = caCertificatePem;
        this.caCertificateOrigin = caCertificateOrigin;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    /**
     * Checks and normalizes host URLs such as {@code https://es-1:9200}: scheme http or https, a
     * host, an optional port (default 80/443, as in any URL), no path, no user info (credentials
     * belong in the secrets).
     *
     * @throws IllegalArgumentException naming the offending entry
     */
    public static List<String> validateHosts(List<String> hosts) {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("At least one Elasticsearch host is required, e.g. https://localhost:9200.");
        }
        List<String> valid = new ArrayList<>(hosts.size());
        for (String host : hosts) {
            String text = host == null ? "" : host.strip();
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Elasticsearch host '" + text + "' is not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(
                        "Elasticsearch host '" + text + "' must start with http:// or https://, e.g. https://localhost:9200.");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Elasticsearch host '" + text + "' has no host name.");
            }
            if (uri.getRawUserInfo() != null) {
                // Do not echo the URL: the user info may hold a password.
                throw new IllegalArgumentException(
                        "An Elasticsearch host URL contains user info; pass credentials as secrets instead.");
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("Elasticsearch host '" + text + "' must not have a path or query.");
            }
            valid.add(scheme + "://" + uri.getRawAuthority());
        }
        return valid;
    }

    public List<String> hosts() {
        return hosts;
    }

    /** Null when the cluster needs no authentication. */
    public Credentials credentials() {
        return credentials;
    }

    /** PEM content of the trusted CA, or null to use the JVM's default trust store. */
    public byte[] caCertificatePem() {
        return caCertificatePem;
    }

    public String caCertificateOrigin() {
        return caCertificateOrigin;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    @Override
    public String toString() {
        return "hosts " + hosts + ", " + (credentials == null ? "no authentication" : credentials.toString())
                + (caCertificateOrigin == null ? "" : ", CA " + caCertificateOrigin);
    }
}
