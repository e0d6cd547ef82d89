package io.threatstream.connectors.elasticsearch.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * An SSL context that trusts exactly the CA certificates of a PEM file (e.g. Elasticsearch's
 * {@code http_ca.crt}) instead of the JVM's default trust store. Host names are still verified.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * Parses the PEM content; {@code origin} names the file in messages.
     *
     * @throws IllegalArgumentException if it holds no X.509 certificate
     */
    public static Collection<? extends Certificate> parse(byte[] pem, String origin) {
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "The CA certificate file " + origin + " is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("The CA certificate file " + origin + " contains no certificate.");
        }
        return certificates;
    }

    public static SSLContext sslContext(byte[] pem, String origin) {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            int n = 0;
            for (Certificate certificate : parse(pem, origin)) {
                trustStore.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot set up TLS with the CA certificate " + origin + ": " + e, e);
        }
    }
}
