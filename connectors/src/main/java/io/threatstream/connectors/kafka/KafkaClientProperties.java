package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.SaslConfigs;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kafka client properties shared by the source and the dead-letter sink: pass-through properties
 * ({@code source.kafka.property.*}, {@code dead-letter.kafka.property.*}) and the SASL login
 * ({@code source.kafka.sasl.*}).
 *
 * <p>Pass-through properties come from the Flink configuration, which the web UI shows, so a
 * password-type property must be a Kafka config provider reference ({@code ${provider:key}}),
 * never the secret itself. The SASL login is wired to {@link SaslJaasConfigProvider}, which reads
 * the password where the client runs.
 */
final class KafkaClientProperties {

    /** Kafka settings whose values are secrets: Kafka's password-typed keys. */
    private static final Set<String> PASSWORD_KEYS = passwordKeys();

    /** A JAAS option whose name says it holds a secret, with its (possibly quoted) value. */
    private static final Pattern JAAS_SECRET_OPTION =
            Pattern.compile(
                    "([A-Za-z0-9_.-]*(?:password|secret)[A-Za-z0-9_.-]*)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s;]+)",
                    Pattern.CASE_INSENSITIVE);

    private static final String PROVIDER_PREFIX =
            AbstractConfig.CONFIG_PROVIDERS_CONFIG + "." + SaslJaasConfigProvider.NAME + ".";

    private KafkaClientProperties() {}

    /** Properties for the source's clients: {@code source.kafka.property.*} and SASL. */
    static Properties forSource(OptionReader options) {
        Properties props = passThrough(options, KafkaSourceOptions.PROPERTY_PREFIX, Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KafkaSourceOptions.BOOTSTRAP_SERVERS.key(),
                ConsumerConfig.GROUP_ID_CONFIG, KafkaSourceOptions.GROUP_ID.key()));
        addSasl(options, props);
        return props;
    }

    /**
     * Properties for the dead-letter producer: the source's, overlaid with {@code
     * dead-letter.kafka.property.*}.
     */
    static Properties forDeadLetters(OptionReader options) {
        Properties props = forSource(options);
        Properties overlay = passThrough(options, KafkaDeadLetterOptions.PROPERTY_PREFIX, Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KafkaDeadLetterOptions.BOOTSTRAP_SERVERS.key(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaDeadLetterOptions.TRANSACTIONAL_ID_PREFIX.key(),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, KafkaDeadLetterOptions.TRANSACTION_TIMEOUT.key()));
        // Config provider lists add up, so that an overlay cannot drop the SASL provider.
        String providers = joinProviders(
                props.getProperty(AbstractConfig.CONFIG_PROVIDERS_CONFIG),
                overlay.getProperty(AbstractConfig.CONFIG_PROVIDERS_CONFIG));
        props.putAll(overlay);
        if (!providers.isEmpty()) {
            props.setProperty(AbstractConfig.CONFIG_PROVIDERS_CONFIG, providers);
        }
        return props;
    }

    /**
     * The properties under {@code prefix}, checked: none may hold a literal secret, set what an
     * option sets ({@code ownedByOptions}: property -> option), or touch the SASL provider.
     */
    private static Properties passThrough(OptionReader options, String prefix, Map<String, String> ownedByOptions) {
        Properties props = new Properties();
        boolean sasl = saslEnabled(options);
        for (Map.Entry<String, String> e : options.withPrefix(prefix).entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String option = prefix + key;
            if (ownedByOptions.containsKey(key)) {
                throw new IllegalConfigurationException(
                        "Option '" + option + "' is not allowed: use '" + ownedByOptions.get(key) + "'");
            }
            if (key.startsWith(PROVIDER_PREFIX)) {
                throw new IllegalConfigurationException(
                        "Option '" + option + "' is not allowed: the config provider '"
                                + SaslJaasConfigProvider.NAME + "' is set up by the 'source.kafka.sasl.*' options");
            }
            if (sasl && (key.equals(SaslConfigs.SASL_JAAS_CONFIG) || key.equals(SaslConfigs.SASL_MECHANISM))) {
                throw new IllegalConfigurationException(
                        "Option '" + option + "' conflicts with '" + KafkaSourceOptions.SASL_USERNAME.key()
                                + "': with the 'source.kafka.sasl.*' options the SASL login is built from them");
            }
            checkNoLiteralSecret(option, key, value);
            props.setProperty(key, value);
        }
        return props;
    }

    private static void checkNoLiteralSecret(String option, String key, String value) {
        boolean literal;
        if (key.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
            literal = false;
            Matcher m = JAAS_SECRET_OPTION.matcher(value);
            while (m.find()) {
                literal |= !isReference(unquote(m.group(2)));
            }
        } else {
            literal = isSecretKey(key) && !isReference(value.trim());
        }
        if (literal) {
            throw new IllegalConfigurationException(
                    "Option '" + option + "' must not hold a literal secret, since Flink shows its"
                            + " configuration in the web UI: use a Kafka config provider reference"
                            + " such as ${env:NAME} (see config.providers), or the 'source.kafka.sasl.*' options");
        }
    }

    /** Adds the SASL login built by {@link SaslJaasConfigProvider} if a SASL username is set. */
    private static void addSasl(OptionReader options, Properties props) {
        Optional<String> username = options.text(KafkaSourceOptions.SASL_USERNAME);
        Optional<String> passwordFile = options.text(KafkaSourceOptions.SASL_PASSWORD_FILE);
        if (username.isEmpty()) {
            for (var option : List.of(
                    KafkaSourceOptions.SASL_PASSWORD_FILE,
                    KafkaSourceOptions.SASL_PASSWORD_ENV,
                    KafkaSourceOptions.SASL_MECHANISM)) {
                if (options.isSet(option)) {
                    throw new IllegalConfigurationException(
                            "Option '" + option.key() + "' needs '" + KafkaSourceOptions.SASL_USERNAME.key() + "'");
                }
            }
            return;
        }
        if (passwordFile.isPresent() && options.isSet(KafkaSourceOptions.SASL_PASSWORD_ENV)) {
            throw new IllegalConfigurationException(
                    "Options '" + KafkaSourceOptions.SASL_PASSWORD_FILE.key() + "' and '"
                            + KafkaSourceOptions.SASL_PASSWORD_ENV.key() + "' are exclusive: set only one");
        }
        String protocol = props.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        if (!protocol.toUpperCase(Locale.ROOT).startsWith("SASL_")) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaSourceOptions.PROPERTY_PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG
                            + "' is '" + protocol + "', but '" + KafkaSourceOptions.SASL_USERNAME.key()
                            + "' needs SASL_SSL or SASL_PLAINTEXT");
        }
        SaslMechanism mechanism = options.get(KafkaSourceOptions.SASL_MECHANISM);
        props.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        props.setProperty(SaslConfigs.SASL_MECHANISM, mechanism.toString());
        props.setProperty(SaslConfigs.SASL_JAAS_CONFIG, SaslJaasConfigProvider.JAAS_REFERENCE);
        props.setProperty(
                AbstractConfig.CONFIG_PROVIDERS_CONFIG,
                joinProviders(props.getProperty(AbstractConfig.CONFIG_PROVIDERS_CONFIG), SaslJaasConfigProvider.NAME));
        props.setProperty(PROVIDER_PREFIX + "class", SaslJaasConfigProvider.class.getName());
        String param = PROVIDER_PREFIX + "param.";
        props.setProperty(param + SaslJaasConfigProvider.MECHANISM, mechanism.toString());
        props.setProperty(param + SaslJaasConfigProvider.USERNAME, username.get());
        if (passwordFile.isPresent()) {
            props.setProperty(param + SaslJaasConfigProvider.PASSWORD_FILE, passwordFile.get());
        } else {
            props.setProperty(
                    param + SaslJaasConfigProvider.PASSWORD_ENV,
                    options.required(
                            KafkaSourceOptions.SASL_PASSWORD_ENV,
                            "Option '" + KafkaSourceOptions.SASL_PASSWORD_ENV.key() + "' must not be blank"));
        }
    }

    /** The names of both comma-separated provider lists (either may be null), each once, in order. */
    private static String joinProviders(String first, String second) {
        Set<String> names = new LinkedHashSet<>();
        for (String list : new String[] {first, second}) {
            if (list != null) {
                for (String name : list.split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return String.join(",", names);
    }

    private static boolean saslEnabled(OptionReader options) {
        return options.text(KafkaSourceOptions.SASL_USERNAME).isPresent();
    }

    private static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return PASSWORD_KEYS.contains(key) || lower.contains("password") || lower.contains("secret");
    }

    private static boolean isReference(String value) {
        return ConfigTransformer.DEFAULT_PATTERN.matcher(value).matches();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Set<String> passwordKeys() {
        Set<String> keys = new HashSet<>();
        Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef())
                .forEach(def -> def.configKeys().forEach((name, key) -> {
                    if (key.type == ConfigDef.Type.PASSWORD) {
                        keys.add(name);
                    }
                }));
        return keys;
    }
}
