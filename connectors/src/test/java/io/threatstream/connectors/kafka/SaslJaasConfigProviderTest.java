package io.threatstream.connectors.kafka;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.login.AppConfigurationEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaslJaasConfigProviderTest {

    @TempDir
    Path dir;

    @Test
    void buildsAJaasConfigThatKafkaParsesBackToTheSameCredentials() {
        String password = "p\"a\\ss wörd;\n}";
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(Map.of("KAFKA_SASL_PASSWORD", password)::get);
        provider.configure(Map.of(
                "mechanism", "SCRAM-SHA-512", "username", "det\"ect", "password.env", "KAFKA_SASL_PASSWORD"));

        AppConfigurationEntry entry = parse(provider.get("", Set.of("jaas")).data().get("jaas"));

        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        assertThat(Map.copyOf(entry.getOptions())).isEqualTo(Map.of("username", "det\"ect", "password", password));
    }

    @Test
    void readsThePasswordFileWithoutItsTrailingLineBreak() throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, "s3cret\r\n");
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(name -> null);
        provider.configure(Map.of("mechanism", "PLAIN", "username", "detect", "password.file", file.toString()));

        AppConfigurationEntry entry = parse(provider.get("").data().get("jaas"));

        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(entry.getOptions().get("password")).isEqualTo("s3cret");
    }

    @Test
    void namesTheMissingEnvironmentVariableAndItsOption() {
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(name -> null);
        provider.configure(Map.of("mechanism", "PLAIN", "username", "detect", "password.env", "MY_PASSWORD"));

        assertThatThrownBy(() -> provider.get(""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The environment variable 'MY_PASSWORD' (option 'source.kafka.sasl.password-env')"
                        + " that should hold the SASL password is not set or empty");
    }

    @Test
    void namesAnEmptyPasswordFile() throws Exception {
        Path file = dir.resolve("empty");
        Files.writeString(file, "\n");
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(name -> null);
        provider.configure(Map.of("mechanism", "PLAIN", "username", "detect", "password.file", file.toString()));

        assertThatThrownBy(() -> provider.get(""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The SASL password file '" + file + "' (option 'source.kafka.sasl.password-file') is empty");
    }

    @Test
    void namesAMissingPasswordFile() {
        Path file = dir.resolve("absent");
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(name -> null);
        provider.configure(Map.of("mechanism", "PLAIN", "username", "detect", "password.file", file.toString()));

        assertThatThrownBy(() -> provider.get(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read the SASL password file '" + file
                        + "' (option 'source.kafka.sasl.password-file'): java.nio.file.NoSuchFileException");
    }

    @Test
    void rejectsUnknownKeysAndIncompleteParameters() {
        SaslJaasConfigProvider provider = new SaslJaasConfigProvider(name -> "x");
        provider.configure(Map.of("mechanism", "PLAIN", "username", "detect", "password.env", "P"));
        assertThatThrownBy(() -> provider.get("", Set.of("password")))
                .hasMessage("threatstream-sasl: unknown key 'password', the only key is 'jaas'");

        assertThatThrownBy(() -> provider.configure(Map.of("mechanism", "PLAIN", "username", "detect")))
                .hasMessage("threatstream-sasl: exactly one of the parameters 'password.env' and 'password.file' is needed");
        assertThatThrownBy(() -> provider.configure(Map.of("mechanism", "GSSAPI", "username", "u", "password.env", "P")))
                .hasMessage("threatstream-sasl: unknown SASL mechanism 'GSSAPI'");
    }

    private static AppConfigurationEntry parse(String jaas) {
        JaasContext context = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
        assertThat(context.configurationEntries()).hasSize(1);
        return context.configurationEntries().get(0);
    }
}
