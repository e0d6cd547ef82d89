package io.threatstream.detect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.TestMiniCluster;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Elasticsearch passwords given to the job appear nowhere an operator or an attacker with
 * dashboard access could read them: not in the job's or the JobManager's configuration as Flink's
 * REST API shows them, not in the logs (captured at DEBUG for the whole run), and not in the
 * exception of a start with a wrong password, in none of their forms (plain, or inside the Basic
 * authorization header). One job writes as the least-privileged user with the password from an
 * environment variable, as in production; the other starts with a wrong password from a file.
 * (That the job graph holds no secret either is {@code JobGraphTest}'s.)
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecretLeakITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            // A start with a wrong password must fail, not retry forever.
                            .setConfiguration(TestMiniCluster.noRestarts())
                            .build());

    @TempDir Path dir;

    @Test
    void thePasswordsAreNeitherInTheRestApiNorInTheLogsNorInTheErrorOfAWrongPassword() throws Exception {
        LocalElasticsearch es = ElasticsearchExtension.node();
        Path events = writeEvents();
        String wrongPassword = "wrong-" + UUID.randomUUID();
        String writerPassword = es.writerPassword().resolve();
        String alerts = LocalElasticsearch.WRITER_INDEX_PREFIX + "secrets" + UUID.randomUUID().toString().substring(0, 8);
        List<String> secrets = new ArrayList<>(forms(LocalElasticsearch.USERNAME, LocalElasticsearch.PASSWORD));
        secrets.addAll(forms(LocalElasticsearch.USERNAME, wrongPassword));
        secrets.addAll(forms(LocalElasticsearch.WRITER_USERNAME, writerPassword));

        StringBuilder logs = new StringBuilder();
        JobID job;
        Throwable failure;
        try (CapturedLogs ignored = CapturedLogs.into(logs)) {
            job = DetectionJob.run(JobSetup.fromArgs(writerArgs(es, events, alerts))).getJobID();
            Throwable[] thrown = new Throwable[1];
            assertThatThrownBy(() -> DetectionJob.run(JobSetup.fromArgs(wrongPasswordArgs(es, events, wrongPassword))))
                    .satisfies(e -> thrown[0] = e);
            failure = thrown[0];
        }

        try (TestClient client = new TestClient(es)) {
            assertThat(client.count(alerts)).as("alerts the least-privileged writer wrote").isPositive();
        }
        assertThat(logs).as("captured logs").contains("Elasticsearch").hasSizeGreaterThan(10_000);
        assertNoSecret("logs", logs.toString(), secrets);

        String trace = ExceptionUtils.stringifyException(failure);
        assertThat(trace).as("the wrong password's failure says why").containsIgnoringCase("401");
        assertNoSecret("failure of the wrong password's start", trace, secrets);

        JobID failed =
                ExceptionUtils.findThrowable(failure, JobExecutionException.class).orElseThrow().getJobID();
        for (String path :
                List.of(
                        "/jobmanager/config",
                        "/jobs/" + job + "/config",
                        "/jobs/" + job,
                        "/jobs/" + failed + "/config",
                        "/jobs/" + failed + "/exceptions")) {
            String body = rest(path);
            assertNoSecret("REST " + path, body, secrets);
        }
        // The check looks where the options are: the options naming the passwords are shown.
        assertThat(rest("/jobs/" + job + "/config")).contains("password-env");
        assertThat(rest("/jobs/" + failed + "/config")).contains("password-file");
    }

    private static void assertNoSecret(String where, String text, List<String> secrets) {
        for (String secret : secrets) {
            assertThat(text.contains(secret)).as("%s contains a form of a password (%s…)", where, secret.substring(0, 4)).isFalse();
        }
    }

    /** The password as written, and as it travels in an HTTP Basic authorization header. */
    private static List<String> forms(String username, String password) {
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(
                password,
                base64.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** The least-privileged writer, its password in the environment variable the option names. */
    private String[] writerArgs(LocalElasticsearch es, Path events, String index) {
        return args(es, events, index,
                "--sink.elasticsearch.username", LocalElasticsearch.WRITER_USERNAME,
                "--sink.elasticsearch.password-env", LocalElasticsearch.WRITER_PASSWORD_ENV);
    }

    /** The administrator with a wrong password in a file. */
    private String[] wrongPasswordArgs(LocalElasticsearch es, Path events, String password) throws IOException {
        Path file = Files.writeString(dir.resolve("password-" + UUID.randomUUID()), password);
        return args(es, events, "logs-secrets.alerts-" + UUID.randomUUID().toString().substring(0, 8),
                "--sink.elasticsearch.username", LocalElasticsearch.USERNAME,
                "--sink.elasticsearch.password-file", file.toString());
    }

    private String[] args(LocalElasticsearch es, Path events, String index, String... credentials) {
        List<String> args = new ArrayList<>(List.of(
                "--source", "file", "--source.path", events.toString(),
                "--sink", "elasticsearch",
                "--sink.elasticsearch.hosts", es.url(),
                "--sink.elasticsearch.index", index,
                "--sink.elasticsearch.ca-cert", es.caCertificate().toString(),
                "--dead-letter.path", dir.resolve("dead.ndjson").toString(),
                "--checkpoint.interval", "1s"));
        args.addAll(List.of(credentials));
        return args.toArray(String[]::new);
    }

    private Path writeEvents() throws IOException {
        FleetSimulator fleet = new FleetSimulator(9, 50, 0.05, 0.02, 1_764_000_000_000L, 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matches = 0;
        for (int i = 0; i < 2000; i++) {
            out.write(fleet.event(i));
            out.write('\n');
            matches += fleet.isBackdoorWrite(i) ? 1 : 0;
        }
        assertThat(matches).as("matches, so that alerts are written").isPositive();
        return Files.write(dir.resolve("events.ndjson"), out.toByteArray());
    }

    private static String rest(String path) throws IOException, InterruptedException {
        Configuration client = FLINK.getClientConfiguration();
        URI uri = URI.create("http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT) + path);
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * Every log event of every logger at DEBUG and above goes into a buffer instead of the console
     * while open; closing restores the logging configuration.
     */
    private static final class CapturedLogs extends AbstractAppender implements AutoCloseable {
        private final StringBuilder target;
        private final LoggerContext context;
        private final Level rootLevel;
        private final List<Appender> rootAppenders;

        private CapturedLogs(StringBuilder target, LoggerContext context) {
            super("captured-" + UUID.randomUUID(), null, PatternLayout.newBuilder().withPattern("%p %c %m%n%throwable").build(), true, Property.EMPTY_ARRAY);
            this.target = target;
            this.context = context;
            LoggerConfig root = context.getConfiguration().getRootLogger();
            this.rootLevel = root.getLevel();
            this.rootAppenders = new ArrayList<>(root.getAppenders().values());
        }

        static CapturedLogs into(StringBuilder target) {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            CapturedLogs captured = new CapturedLogs(target, context);
            captured.start();
            LoggerConfig root = context.getConfiguration().getRootLogger();
            captured.rootAppenders.forEach(a -> root.removeAppender(a.getName()));
            root.addAppender(captured, Level.ALL, null);
            root.setLevel(Level.DEBUG);
            context.updateLoggers();
            return captured;
        }

        @Override
        public void append(LogEvent event) {
            String line = new String(getLayout().toByteArray(event), StandardCharsets.UTF_8);
            synchronized (target) {
                target.append(line);
            }
        }

        @Override
        public void close() {
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(getName());
            rootAppenders.forEach(a -> root.addAppender(a, null, null));
            root.setLevel(Optional.ofNullable(rootLevel).orElse(Level.WARN));
            context.updateLoggers();
            stop();
        }
    }
}
