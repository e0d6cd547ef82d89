package io.threatstream.connectors.elasticsearch;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretTest {

    @Test
    void aVariableIsReadWhenResolvedAndOnlyItsNameIsShown() {
        Secret secret = Secret.fromEnv("ES_KEY");

        assertThat(secret.resolve(Map.of("ES_KEY", "  top-secret\n")::get)).isEqualTo("top-secret");
        assertThat(secret.toString()).isEqualTo("Secret[environment variable ES_KEY]");
        assertThat(secret.namedBy("sink.elasticsearch.api-key-env").origin())
                .isEqualTo("environment variable ES_KEY (option sink.elasticsearch.api-key-env)");
    }

    @Test
    void unsetOrBlankVariableFailsNamingTheVariableAndTheOption() {
        Secret secret = Secret.fromEnv("ES_KEY").namedBy("sink.elasticsearch.api-key-env");

        assertThatThrownBy(() -> secret.resolve(Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The environment variable ES_KEY (option sink.elasticsearch.api-key-env) is not set or empty.");
        assertThatThrownBy(() -> secret.resolve(Map.of("ES_KEY", " \t")::get))
                .hasMessage("The environment variable ES_KEY (option sink.elasticsearch.api-key-env) is not set or empty.");
        assertThatThrownBy(() -> Secret.fromEnv(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileIsReadEachTimeItIsResolvedAndTrimmed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("password");
        Secret secret = Secret.fromFile(file); // nothing is read yet
        Files.writeString(file, "s3cret\n");

        assertThat(secret.resolve()).isEqualTo("s3cret");
        Files.writeString(file, "rotated");
        assertThat(secret.resolve()).isEqualTo("rotated");
        assertThat(secret.origin()).isEqualTo("file " + file);
    }

    @Test
    void missingOrEmptyFileFailsWithoutContent(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Secret.fromFile(dir.resolve("absent")).resolve())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The secret file " + dir.resolve("absent") + " cannot be read (NoSuchFileException).");
        Path blank = Files.writeString(dir.resolve("blank"), "\n");
        assertThatThrownBy(() -> Secret.fromFile(blank).namedBy("o").resolve())
                .hasMessage("The secret file " + blank + " (option o) is empty.");
    }

    @Test
    void theSerializedFormHoldsWhereTheSecretIsNotTheSecret(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("api-key"), "do-not-leak-0c41");

        String serialized = new String(
                InstantiationUtil.serializeObject(Secret.fromFile(file)), StandardCharsets.ISO_8859_1);

        assertThat(serialized).contains(file.toString()).doesNotContain("do-not-leak-0c41");
    }
}
