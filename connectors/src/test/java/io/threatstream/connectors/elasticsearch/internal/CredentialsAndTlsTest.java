package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.Secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsAndTlsTest {

    @Test
    void apiKeyHeader(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==\n");
        Credentials credentials = Credentials.apiKey(Secret.fromFile(file));

        assertThat(credentials.authorizationHeader()).isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assertThat(credentials.toString()).isEqualTo("API key from file " + file).doesNotContain("VnVh");
    }

    @Test
    void basicHeader() {
        Credentials credentials = Credentials.basic("elastic", Secret.fromEnv("PW"));

        assertThat(credentials.authorizationHeader(Map.of("PW", "changeme")::get)).isEqualTo("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
        assertThat(credentials.toString()).isEqualTo("user 'elastic', password from environment variable PW");
    }

    @Test
    void theHeaderNeedsTheSecretWhereItIsBuilt() {
        Credentials credentials = Credentials.basic("elastic", Secret.fromEnv("PW"));

        assertThatThrownBy(() -> credentials.authorizationHeader(Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The environment variable PW is not set or empty.");
    }

    @Test
    void usernameWithColonIsRejected() {
        assertThatThrownBy(() -> Credentials.basic("a:b", Secret.fromEnv("PW"))).hasMessageContaining("must not contain ':'");
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
