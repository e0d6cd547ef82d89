package io.threatstream.connectors.kafka;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Kafka {@link ConfigProvider} that builds {@code sasl.jaas.config} from a username and a
 * password it reads itself, from an environment variable or a file.
 *
 * <p>Why a config provider: the password must not travel through the Flink configuration (shown
 * in the web UI) nor through the job graph (stored by high availability services). The Kafka
 * client resolves {@code sasl.jaas.config = ${threatstream-sasl:jaas}} when it is created, in the
 * JVM that connects (job manager for the source's enumerator, task managers for readers and
 * writers), so the secret only ever exists there. Kafka logs the resolved value as {@code
 * [hidden]} because {@code sasl.jaas.config} is a password-type setting.
 *
 * <p>Parameters ({@code config.providers.threatstream-sasl.param.*}): {@value #MECHANISM}, {@value
 * #USERNAME}, and one of {@value #PASSWORD_ENV} or {@value #PASSWORD_FILE}. They are written by
 * {@link KafkaClientProperties}; none of them is secret.
 */
public final class SaslJaasConfigProvider implements ConfigProvider {

    /** Name under which the provider is registered in {@code config.providers}. */
    public static final String NAME = "threatstream-sasl";
    /** The reference that {@code sasl.jaas.config} is set to. */
    public static final String JAAS_REFERENCE = "${" + NAME + ":jaas}";

    static final String MECHANISM = "mechanism";
    static final String USERNAME = "username";
    static final String PASSWORD_ENV = "password.env";
    static final String PASSWORD_FILE = "password.file";

    private static final String JAAS_KEY = "jaas";

    private final Function<String, String> environment;
    private SaslMechanism mechanism;
    private String username;
    private String passwordEnv;
    private String passwordFile;

    /** Used by Kafka, which instantiates providers by class name. */
    public SaslJaasConfigProvider() {
        this(System::getenv);
    }

    /** For tests: environment variables from {@code environment} instead of the process. */
    SaslJaasConfigProvider(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        mechanism = mechanism(param(configs, MECHANISM));
        username = param(configs, USERNAME);
        passwordEnv = param(configs, PASSWORD_ENV);
        passwordFile = param(configs, PASSWORD_FILE);
        if (username == null) {
            throw new ConfigException(NAME + ": parameter '" + USERNAME + "' is missing");
        }
        if ((passwordEnv == null) == (passwordFile == null)) {
            throw new ConfigException(
                    NAME + ": exactly one of the parameters '" + PASSWORD_ENV + "' and '" + PASSWORD_FILE + "' is needed");
        }
    }

    @Override
    public ConfigData get(String path) {
        return get(path, Set.of(JAAS_KEY));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        for (String key : keys) {
            if (!JAAS_KEY.equals(key)) {
                throw new ConfigException(NAME + ": unknown key '" + key + "', the only key is '" + JAAS_KEY + "'");
            }
        }
        return new ConfigData(Map.of(JAAS_KEY, jaasConfig(password())));
    }

    @Override
    public void close() {}

    private String jaasConfig(String password) {
        return mechanism.loginModule()
                + " required username=\"" + jaasQuote(username)
                + "\" password=\"" + jaasQuote(password) + "\";";
    }

    private String password() {
        String password;
        if (passwordFile != null) {
            password = stripOneLineBreak(readFile(passwordFile));
            if (password.isEmpty()) {
                throw new ConfigException(
                        "The SASL password file '" + passwordFile
                                + "' (option 'source.kafka.sasl.password-file') is empty");
            }
        } else {
            password = environment.apply(passwordEnv);
            if (password == null || password.isEmpty()) {
                throw new ConfigException(
                        "The environment variable '" + passwordEnv
                                + "' (option 'source.kafka.sasl.password-env') that should hold the SASL password is not set or empty");
            }
        }
        return password;
    }

    private static String readFile(String file) {
        try {
            return Files.readString(Paths.get(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    "Cannot read the SASL password file '" + file + "' (option 'source.kafka.sasl.password-file'): " + e);
        }
    }

    /** Files written by editors and {@code echo} end with a line break that is not part of the secret. */
    static String stripOneLineBreak(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }

    /**
     * Escapes a value for a double-quoted JAAS option. Kafka parses JAAS text with {@link
     * java.io.StreamTokenizer}, which reads backslash escapes inside quotes and ends a quoted string
     * at a raw line break.
     */
    static String jaasQuote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static SaslMechanism mechanism(String name) {
        for (SaslMechanism m : SaslMechanism.values()) {
            if (m.toString().equals(name)) {
                return m;
            }
        }
        throw new ConfigException(NAME + ": unknown SASL mechanism '" + name + "'");
    }

    private static String param(Map<String, ?> configs, String name) {
        Object value = configs.get(name);
        return value == null ? null : value.toString();
    }
}
