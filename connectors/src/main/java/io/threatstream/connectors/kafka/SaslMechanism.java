package io.threatstream.connectors.kafka;

/** SASL mechanisms the Kafka connectors can log in with from a username and a password. */
public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
        this.kafkaName = kafkaName;
        this.loginModule = loginModule;
    }

    /** The JAAS login module class that takes {@code username} and {@code password} options. */
    public String loginModule() {
        return loginModule;
    }

    /** Kafka's name for the mechanism ({@code sasl.mechanism}); Flink parses enum options by it. */
    @Override
    public String toString() {
        return kafkaName;
    }
}
