package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientPropertiesTest {

    private static final String LITERAL_SECRET_HINT =
            "' must not hold a literal secret, since Flink shows its configuration in the web UI:"
                    + " use a Kafka config provider reference such as ${env:NAME} (see config.providers),"
                    + " or the 'source.kafka.sasl.*' options";

    @Test
    void passesClientPropertiesThrough() {
        Properties props = forSource(Map.of(
                "source.kafka.property.security.protocol", "SSL",
                "source.kafka.property.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "source.kafka.property.max.poll.records", "1000"));

        assertThat(props).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"),
                Map.entry("max.poll.records", "1000"));
    }

    @Test
    void buildsTheSaslLoginFromTheProviderWithoutTheSecret() {
        Properties props = forSource(Map.of(
                "source.kafka.sasl.username", "detect",
                "source.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "source.kafka.property.config.providers", "env",
                "source.kafka.property.config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider"));

        assertThat(props).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "${threatstream-sasl:jaas}"),
                Map.entry("config.providers", "env,threatstream-sasl"),
                Map.entry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider"),
                Map.entry("config.providers.threatstream-sasl.class", SaslJaasConfigProvider.class.getName()),
                Map.entry("config.providers.threatstream-sasl.param.mechanism", "SCRAM-SHA-512"),
                Map.entry("config.providers.threatstream-sasl.param.username", "detect"),
                Map.entry("config.providers.threatstream-sasl.param.password.env", "KAFKA_SASL_PASSWORD"));
    }

    @Test
    void readsThePasswordFromAFileWhenOneIsNamed() {
        Properties props = forSource(Map.of(
                "source.kafka.sasl.username", "detect",
                "source.kafka.sasl.password-file", "/var/run/secrets/kafka/password",
                "source.kafka.property.security.protocol", "SASL_PLAINTEXT"));

        assertThat(props)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("config.providers.threatstream-sasl.param.password.file", "/var/run/secrets/kafka/password")
                .doesNotContainKey("config.providers.threatstream-sasl.param.password.env");
    }

    @Test
    void rejectsLiteralSecrets() {
        assertError(Map.of("source.kafka.property.ssl.keystore.password", "changeit"),
                "Option 'source.kafka.property.ssl.keystore.password" + LITERAL_SECRET_HINT);
        assertError(Map.of("source.kafka.property.sasl.oauthbearer.client.credentials.client.secret", "abc"),
                "Option 'source.kafka.property.sasl.oauthbearer.client.credentials.client.secret" + LITERAL_SECRET_HINT);
        assertError(Map.of("source.kafka.property.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"),
                "Option 'source.kafka.property.sasl.jaas.config" + LITERAL_SECRET_HINT);
        assertError(Map.of("dead-letter.kafka.property.ssl.key.password", "changeit"),
                "Option 'dead-letter.kafka.property.ssl.key.password" + LITERAL_SECRET_HINT);
    }

    @Test
    void acceptsConfigProviderReferencesForSecrets() {
        Map<String, String> options = Map.of(
                "source.kafka.property.ssl.keystore.password", "${env:KEYSTORE_PASSWORD}",
                "source.kafka.property.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"${env:P}\";");

        assertThat(forSource(options))
                .containsEntry("ssl.keystore.password", "${env:KEYSTORE_PASSWORD}")
                .containsKey("sasl.jaas.config");
    }

    @Test
    void rejectsPropertiesThatOptionsOwn() {
        assertError(Map.of("source.kafka.property.bootstrap.servers", "h:1"),
                "Option 'source.kafka.property.bootstrap.servers' is not allowed: use 'source.kafka.bootstrap-servers'");
        assertError(Map.of("source.kafka.property.group.id", "g"),
                "Option 'source.kafka.property.group.id' is not allowed: use 'source.kafka.group-id'");
        assertError(Map.of("source.kafka.property.config.providers.threatstream-sasl.param.username", "x"),
                "Option 'source.kafka.property.config.providers.threatstream-sasl.param.username' is not allowed:"
                        + " the config provider 'threatstream-sasl' is set up by the 'source.kafka.sasl.*' options");
        assertError(Map.of("dead-letter.kafka.property.transactional.id", "t"),
                "Option 'dead-letter.kafka.property.transactional.id' is not allowed:"
                        + " use 'dead-letter.kafka.transactional-id-prefix'");
    }

    @Test
    void checksTheSaslOptionsFitTogether() {
        assertError(Map.of("source.kafka.sasl.password-file", "/p"),
                "Option 'source.kafka.sasl.password-file' needs 'source.kafka.sasl.username'");
        assertError(Map.of("source.kafka.sasl.mechanism", "PLAIN"),
                "Option 'source.kafka.sasl.mechanism' needs 'source.kafka.sasl.username'");
        assertError(Map.of("source.kafka.sasl.username", "u", "source.kafka.sasl.password-file", "/p",
                        "source.kafka.sasl.password-env", "P"),
                "Options 'source.kafka.sasl.password-file' and 'source.kafka.sasl.password-env' are exclusive: set only one");
        assertError(Map.of("source.kafka.sasl.username", "u", "source.kafka.property.security.protocol", "SSL"),
                "Option 'source.kafka.property.security.protocol' is 'SSL', but 'source.kafka.sasl.username'"
                        + " needs SASL_SSL or SASL_PLAINTEXT");
        assertError(Map.of("source.kafka.sasl.username", "u", "source.kafka.property.sasl.mechanism", "PLAIN"),
                "Option 'source.kafka.property.sasl.mechanism' conflicts with 'source.kafka.sasl.username':"
                        + " with the 'source.kafka.sasl.*' options the SASL login is built from them");
        assertError(Map.of("source.kafka.sasl.username", "u", "source.kafka.sasl.mechanism", "GSSAPI"),
                "Option 'source.kafka.sasl.mechanism' must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, not 'GSSAPI'");
    }

    @Test
    void deadLetterPropertiesOverlayTheSourceOnes() {
        Properties props = KafkaClientProperties.forDeadLetters(new OptionReader(Configuration.fromMap(Map.of(
                "source.kafka.property.security.protocol", "SSL",
                "source.kafka.property.linger.ms", "5",
                "dead-letter.kafka.property.linger.ms", "50"))));

        assertThat(props).containsOnly(Map.entry("security.protocol", "SSL"), Map.entry("linger.ms", "50"));
    }

    @Test
    void deadLetterConfigProvidersAddToTheSaslOne() {
        Properties props = KafkaClientProperties.forDeadLetters(new OptionReader(Configuration.fromMap(Map.of(
                "source.kafka.sasl.username", "detect",
                "dead-letter.kafka.property.config.providers", "env",
                "dead-letter.kafka.property.config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider"))));

        assertThat(props)
                .containsEntry("config.providers", "threatstream-sasl,env")
                .containsEntry("sasl.jaas.config", "${threatstream-sasl:jaas}");
    }

    private static Properties forSource(Map<String, String> options) {
        return KafkaClientProperties.forSource(new OptionReader(Configuration.fromMap(new HashMap<>(options))));
    }

    private static void assertError(Map<String, String> options, String message) {
        assertThatThrownBy(() -> KafkaClientProperties.forDeadLetters(new OptionReader(Configuration.fromMap(options))))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage(message);
    }
}
