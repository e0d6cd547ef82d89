package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.Secret;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsAndTlsTest {

    @Test
    void apiKeyHeader() {
        Credentials credentials = Credentials.apiKey(Secret.of("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "test"));

        assertThat(credentials.authorizationHeader()).isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assertThat(credentials.toString()).isEqualTo("API key from test").doesNotContain("VnVh");
    }

    @Test
    void basicHeader() {
        Credentials credentials = Credentials.basic("elastic", Secret.of("changeme", "environment variable PW"));

        assertThat(credentials.authorizationHeader()).isEqualTo("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
        assertThat(credentials.toString()).isEqualTo("user 'elastic', password from environment variable PW");
    }

    @Test
    void usernameWithColonIsRejected() {
        assertThatThrownBy(() -> Credentials.basic("a:b", Secret.of("x", "test"))).hasMessageContaining("must not contain ':'");
    }

    @Test
    void pemCaCertificateGivesAnSslContext() throws IOException {
        byte[] pem;
        try (InputStream in = getClass().getResourceAsStream("test-ca.pem")) {
            pem = in.readAllBytes();
        }

        assertThat(TrustedCertificates.parse(pem, "test-ca.pem")).hasSize(1);
        assertThat(TrustedCertificates.sslContext(pem, "test-ca.pem").getProtocol()).isEqualTo("TLS");
    }

    @Test
    void fileWithoutCertificateIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> TrustedCertificates.parse("not a certificate".getBytes(StandardCharsets.UTF_8), "/etc/es/ca.crt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/etc/es/ca.crt");
    }
}
