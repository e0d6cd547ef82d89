package io.threatstream.detect.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.threatstream.connectors.elasticsearch.ElasticsearchSinkOptions;
import io.threatstream.connectors.kafka.KafkaSourceOptions;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.config.JobOptions;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.config.OptionsException;
import io.threatstream.detect.deploy.DeployFiles.Manifest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code deploy/k8s} and the image in {@code deploy/Dockerfile}, checked against
 * what reads them: the Flink Kubernetes Operator's CRD schemas, the job's command line, Flink's
 * configuration options, and each other.
 */
class KubernetesManifestsTest {

    private static final String FLINK_API = "flink.apache.org/v1beta1";
    private static final String MAIN_CONTAINER = "flink-main-container";
    /** Option and variable names that would hold a secret, unless they name where it is (-env, -file). */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|passwd|api[-_]?key|secret|token|credential|jaas).*");

    private static List<Manifest> manifests;
    private static ManifestSchemas crds;

    @BeforeAll
    static void load() {
        manifests = DeployFiles.manifests();
        crds = ManifestSchemas.load();
    }

    @Test
    void everyManifestMatchesTheOperatorsSchemaOrIsASecret() {
        List<String> problems = new ArrayList<>();
        for (Manifest m : manifests) {
            Optional<Schema> schema = crds.schema(m.apiVersion(), m.kind());
            if (schema.isEmpty()) {
                problems.add(m + ": no schema for " + m.apiVersion() + " " + m.kind() + " in " + crds.dir());
                continue;
            }
            for (Error error : schema.get().validate(m.doc())) {
                problems.add(m + ": " + error);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(manifests).extracting(Manifest::kind).contains("FlinkDeployment", "FlinkSessionJob", "Secret");
    }

    @Test
    void theSchemasRejectUnknownFieldsAndValuesOutsideAnEnum() {
        Manifest application = applicationDeployment();
        ObjectNode broken = application.doc().deepCopy();
        ((ObjectNode) broken.path("spec").path("job")).put("upgradeMode", "savepont");
        ((ObjectNode) broken.path("spec")).put("flinkVersoin", "v2_2");
        ((ObjectNode) broken.path("spec").path("podTemplate").path("spec").path("containers").path(0)).put("envv", "x");

        List<Error> errors = crds.schema(application.apiVersion(), application.kind()).orElseThrow().validate(broken);

        assertThat(errors).extracting(Error::toString)
                .anyMatch(e -> e.contains("upgradeMode"))
                .anyMatch(e -> e.contains("flinkVersoin"))
                .anyMatch(e -> e.contains("envv"));
    }

    @Test
    void jobArgumentsAreOptionsTheJobAccepts() {
        for (Manifest job : jobManifests()) {
            List<String> args = args(job);
            assertThat(args).as("%s: job args", job).isNotEmpty();
            try {
                JobSetup.commandLine().parse(args.toArray(String[]::new));
            } catch (OptionsException e) {
                fail(job + ": the job rejects its args: " + e.getMessage());
            }
            assertThat(job.spec().path("job").path("entryClass").asText())
                    .as("%s: entryClass", job)
                    .isEqualTo(DetectionJob.class.getName());
            // The operator sets the parallelism (and the autoscaler overrides it per vertex); the
            // job's own --parallelism would silently win over spec.job.parallelism.
            assertThat(args).as("%s: args", job).doesNotContain("--parallelism");
        }
    }

    @Test
    void flinkConfigurationKeysAreCurrentFlinkOptionsWithValidValues() {
        FlinkConfigKeys keys = FlinkConfigKeys.discover();
        List<String> problems = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!m.apiVersion().equals(FLINK_API)) {
                continue;
            }
            JsonNode config = m.spec().path("flinkConfiguration");
            config.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isTextual()) {
                    // YAML would turn 1.10 into 1.1 and drop quotes the Flink parser needs.
                    problems.add(m + ": " + entry.getKey() + " is not a string; quote the value");
                    return;
                }
                keys.problem(entry.getKey(), entry.getValue().asText()).ifPresent(p -> problems.add(m + ": " + p));
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyJobsJvmsHaveTheVectorApiForTheSimdByteSearch() {
        for (Manifest job : jobManifests()) {
            assertThat(effectiveFlinkConfiguration(job).get("env.java.opts.all"))
                    .as("%s: env.java.opts.all", job)
                    .contains("--add-modules=jdk.incubator.vector");
        }
    }

    @Test
    void everyJobKeepsItsStateAcrossUpgradesAndFailures() {
        for (Manifest job : jobManifests()) {
            Map<String, String> config = effectiveFlinkConfiguration(job);
            assertThat(job.spec().path("job").path("upgradeMode").asText()).as("%s: upgradeMode", job).isEqualTo("savepoint");
            assertThat(config)
                    .as("%s: flinkConfiguration", job)
                    .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                    .containsKeys(
                            "execution.checkpointing.interval",
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir",
                            "high-availability.storageDir",
                            "restart-strategy.type",
                            "metrics.reporter.prom.factory.class")
                    .containsEntry("high-availability.type", "kubernetes");
        }
    }

    @Test
    void theJobsCheckpointIntervalEqualsTheClusters() {
        for (Manifest job : jobManifests()) {
            Configuration options = JobSetup.commandLine().parse(args(job).toArray(String[]::new));
            String clusterInterval = effectiveFlinkConfiguration(job).get("execution.checkpointing.interval");
            assertThat(args(job))
                    .as("%s: the job sets its checkpoint interval in code; give --checkpoint.interval explicitly", job)
                    .contains("--checkpoint.interval");
            assertThat(options.get(JobOptions.CHECKPOINT_INTERVAL))
                    .as("%s: --checkpoint.interval vs execution.checkpointing.interval", job)
                    .isEqualTo(TimeUtils.parseDuration(clusterInterval));
        }
    }

    @Test
    void credentialsComeFromTheSecretThroughThePodEnvironment() {
        Map<String, Set<String>> secretKeys = secretKeys();
        int checked = 0;
        for (Manifest job : jobManifests()) {
            Configuration options = JobSetup.commandLine().parse(args(job).toArray(String[]::new));
            Manifest cluster = clusterOf(job);
            Map<String, JsonNode> env = mainContainerEnv(cluster);
            for (String variable : credentialVariables(options)) {
                JsonNode entry = env.get(variable);
                assertThat(entry).as("%s: %s needs env %s in the pod template of %s", job, job, variable, cluster).isNotNull();
                JsonNode ref = entry.path("valueFrom").path("secretKeyRef");
                assertThat(ref.isObject()).as("%s: env %s must come from a Secret (secretKeyRef)", cluster, variable).isTrue();
                assertThat(secretKeys.getOrDefault(ref.path("name").asText(), Set.of()))
                        .as("%s: env %s refers to Secret %s key %s, which deploy/k8s does not define",
                                cluster, variable, ref.path("name").asText(), ref.path("key").asText())
                        .contains(ref.path("key").asText());
                checked++;
            }
        }
        assertThat(checked).as("credential variables checked").isGreaterThanOrEqualTo(4);
    }

    @Test
    void noSecretIsInTheArgsTheConfigurationOrALiteralVariable() {
        Set<String> secretValues = secretValues();
        assertThat(secretValues).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!m.apiVersion().equals(FLINK_API)) {
                continue;
            }
            List<String> args = args(m);
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("--") && namesASecret(arg.substring(2))) {
                    problems.add(m + ": option " + arg + " would put a secret in the args");
                }
                secretValues.stream().filter(arg::contains).forEach(s -> problems.add(m + ": a Secret's value in the args"));
            }
            m.spec().path("flinkConfiguration").fields().forEachRemaining(entry -> {
                if (namesASecret(entry.getKey())) {
                    problems.add(m + ": " + entry.getKey() + " would put a secret in the Flink configuration");
                }
                secretValues.stream()
                        .filter(entry.getValue().asText()::contains)
                        .forEach(s -> problems.add(m + ": a Secret's value in the Flink configuration"));
            });
            if (m.kind().equals("FlinkDeployment")) {
                mainContainerEnv(m).forEach((name, entry) -> {
                    if (namesASecret(name) && entry.has("value")) {
                        problems.add(m + ": env " + name + " has a literal value; take it from a Secret");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theApplicationsJarIsWhereTheDockerfilePutsIt() throws Exception {
        Dockerfile image = Dockerfile.read(DeployFiles.deployDir().resolve("Dockerfile"));
        Path clusterJar = Path.of(System.getProperty("cluster.jar"));

        assertThat(applicationDeployment().spec().path("job").path("jarURI").asText())
                .isEqualTo("local://" + image.copyTarget());
        assertThat(image.copyTarget()).startsWith("/opt/flink/usrlib/");
        assertThat(Path.of(image.copySource()))
                .as("the Dockerfile copies the jar the build makes")
                .isEqualTo(Path.of("job/target").resolve(clusterJar.getFileName()));
        assertThat(dockerIgnoreKeeps(DeployFiles.deployDir().resolve("Dockerfile.dockerignore"), image.copySource()))
                .as("Dockerfile.dockerignore lets %s into the build context", image.copySource())
                .isTrue();
    }

    @Test
    void theImageTheManifestsAndTheBuildUseOneFlinkVersion() {
        String built = EnvironmentInformation.getVersion();
        Dockerfile image = Dockerfile.read(DeployFiles.deployDir().resolve("Dockerfile"));
        assertThat(image.flinkVersion()).as("FROM of deploy/Dockerfile").isEqualTo(built);
        String[] parts = built.split("\\.");
        for (Manifest m : manifestsOfKind("FlinkDeployment")) {
            assertThat(m.spec().path("flinkVersion").asText()).as("%s: flinkVersion", m).isEqualTo("v" + parts[0] + "_" + parts[1]);
            String imageName = m.spec().path("image").asText();
            if (imageName.startsWith("flink:")) {
                assertThat(imageName).as("%s: image", m).startsWith("flink:" + built + "-");
            }
            JsonNode plugins = mainContainerEnv(m).get("ENABLE_BUILT_IN_PLUGINS");
            if (plugins != null) {
                for (String jar : plugins.path("value").asText().split(";")) {
                    assertThat(jar).as("%s: built-in plugin of the image's Flink", m).endsWith("-" + built + ".jar");
                }
            }
        }
    }

    @Test
    void sessionJobsFetchTheClusterJarFromWhereTheOperatorCanReadIt() {
        List<Manifest> sessionJobs = manifestsOfKind("FlinkSessionJob");
        assertThat(sessionJobs).isNotEmpty();
        for (Manifest job : sessionJobs) {
            URI jar = URI.create(job.spec().path("job").path("jarURI").asText());
            assertThat(jar.getScheme()).as("%s: jarURI scheme", job).isIn("https", "http", "s3", "s3a", "s3p", "gs", "abfss");
            assertThat(jar.getPath()).as("%s: the cluster jar, not the thin one", job).endsWith("-cluster.jar");
            assertThat(clusterOf(job).spec().has("job")).as("%s: runs on a session cluster", job).isFalse();
        }
    }

    @Test
    void flinkDeploymentNamesAreValidClusterIds() {
        // Native Kubernetes derives service names from the cluster id: a DNS-1035 label of at most 45.
        for (Manifest m : manifestsOfKind("FlinkDeployment")) {
            assertThat(m.name()).as("%s: name", m).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(45);
        }
    }

    // --- helpers ---

    private static List<Manifest> manifestsOfKind(String kind) {
        return manifests.stream().filter(m -> m.apiVersion().equals(FLINK_API) && m.kind().equals(kind)).toList();
    }

    /** FlinkDeployments with a job (application mode) and FlinkSessionJobs. */
    private static List<Manifest> jobManifests() {
        List<Manifest> jobs = new ArrayList<>();
        for (Manifest m : manifests) {
            if (m.apiVersion().equals(FLINK_API) && m.spec().has("job")) {
                jobs.add(m);
            }
        }
        assertThat(jobs).extracting(Manifest::kind).contains("FlinkDeployment", "FlinkSessionJob");
        return jobs;
    }

    private static Manifest applicationDeployment() {
        return manifestsOfKind("FlinkDeployment").stream()
                .filter(m -> m.spec().path("job").path("jarURI").asText().startsWith("local://"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no FlinkDeployment in application mode with a local:// jar"));
    }

    /** The FlinkDeployment whose pods run {@code job}: itself, or a session job's cluster. */
    private static Manifest clusterOf(Manifest job) {
        if (job.kind().equals("FlinkDeployment")) {
            return job;
        }
        String name = job.spec().path("deploymentName").asText();
        return manifestsOfKind("FlinkDeployment").stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(job + ": deploymentName " + name + " is not in deploy/k8s"));
    }

    private static List<String> args(Manifest m) {
        List<String> args = new ArrayList<>();
        m.spec().path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The cluster's flinkConfiguration with a session job's own keys on top. */
    private static Map<String, String> effectiveFlinkConfiguration(Manifest job) {
        Map<String, String> config = new LinkedHashMap<>();
        clusterOf(job).spec().path("flinkConfiguration").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        job.spec().path("flinkConfiguration").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    /** Environment variables of the main container of a FlinkDeployment's pod template, by name. */
    private static Map<String, JsonNode> mainContainerEnv(Manifest deployment) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode container : deployment.spec().path("podTemplate").path("spec").path("containers")) {
            if (container.path("name").asText().equals(MAIN_CONTAINER)) {
                container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
            }
        }
        return env;
    }

    /** The environment variables the job reads its credentials from, given its options. */
    private static List<String> credentialVariables(Configuration options) {
        List<String> variables = new ArrayList<>();
        if (options.get(JobOptions.SINK) == JobOptions.SinkKind.elasticsearch
                && options.getOptional(ElasticsearchSinkOptions.API_KEY_FILE).isEmpty()) {
            variables.add(options.get(ElasticsearchSinkOptions.API_KEY_ENV));
        }
        if (options.get(JobOptions.SOURCE) == JobOptions.SourceKind.kafka
                && options.getOptional(KafkaSourceOptions.SASL_USERNAME).isPresent()
                && options.getOptional(KafkaSourceOptions.SASL_PASSWORD_FILE).isEmpty()) {
            variables.add(options.get(KafkaSourceOptions.SASL_PASSWORD_ENV));
        }
        return variables;
    }

    private static boolean namesASecret(String name) {
        return SECRET_NAME.matcher(name).matches() && !name.endsWith("-env") && !name.endsWith("-file");
    }

    private static Map<String, Set<String>> secretKeys() {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            if (m.kind().equals("Secret")) {
                Set<String> names = keys.computeIfAbsent(m.name(), n -> new TreeSet<>());
                m.doc().path("stringData").fieldNames().forEachRemaining(names::add);
                m.doc().path("data").fieldNames().forEachRemaining(names::add);
            }
        }
        return keys;
    }

    private static Set<String> secretValues() {
        Set<String> values = new TreeSet<>();
        for (Manifest m : manifests) {
            if (m.kind().equals("Secret")) {
                m.doc().path("stringData").forEach(v -> values.add(v.asText()));
                m.doc().path("data").forEach(v -> values.add(new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8)));
            }
        }
        values.removeIf(String::isBlank);
        return values;
    }

    /**
     * Whether a .dockerignore leaves {@code path} in the build context, as Docker reads it: the
     * last pattern that matches the path or one of its parent directories decides.
     */
    private static boolean dockerIgnoreKeeps(Path dockerignore, String path) throws Exception {
        boolean kept = true;
        for (String raw : Files.readAllLines(dockerignore)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean include = line.startsWith("!");
            PathMatcher pattern = FileSystems.getDefault().getPathMatcher("glob:" + (include ? line.substring(1) : line));
            for (Path prefix = Path.of(path); prefix != null; prefix = prefix.getParent()) {
                if (pattern.matches(prefix)) {
                    kept = include;
                    break;
                }
            }
        }
        return kept;
    }
}
