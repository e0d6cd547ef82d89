package io.threatstream.connectors.elasticsearch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    @Test
    void toStringNamesTheOriginNeverTheValue() {
        Secret secret = Secret.fromEnv("ES_KEY", Map.of("ES_KEY", "  top-secret\n")).orElseThrow();

        assertThat(secret.reveal()).isEqualTo("top-secret");
        assertThat(secret.toString()).isEqualTo("Secret[environment variable ES_KEY]").doesNotContain("top-secret");
    }

    @Test
    void unsetOrBlankVariableIsEmpty() {
        assertThat(Secret.fromEnv("ES_KEY", Map.of())).isEmpty();
        assertThat(Secret.fromEnv("ES_KEY", Map.of("ES_KEY", " \t"))).isEmpty();
    }

    @Test
    void fileIsReadAndTrimmed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "s3cret\n");

        Secret secret = Secret.fromFile(file);

        assertThat(secret.reveal()).isEqualTo("s3cret");
        assertThat(secret.origin()).isEqualTo("file " + file);
    }

    @Test
    void missingOrEmptyFileFailsWithoutContent(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Secret.fromFile(dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The secret file " + dir.resolve("absent") + " cannot be read (NoSuchFileException).");
        Path blank = Files.writeString(dir.resolve("blank"), "\n");
        assertThatThrownBy(() -> Secret.fromFile(blank)).hasMessage("The secret from file " + blank + " is empty.");
    }
}
