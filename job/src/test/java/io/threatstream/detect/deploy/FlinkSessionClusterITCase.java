package io.threatstream.detect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.detect.DetectionJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar on a real Flink cluster: a standalone session cluster whose JobManager and
 * TaskManager are separate JVMs started from Flink's jars (deploy/local/flink-cluster.sh). The job
 * is submitted through the REST API as the dashboard does, watched through the REST API and the
 * Prometheus reporter, stopped with a savepoint, and resubmitted from it with Flink's CLI, as an
 * upgrade would. The source is the bounded simulated fleet, where every event matches the rule, so
 * the alert file must end up with exactly one line per event: the lines of the first run kept,
 * the second run continuing where the savepoint left off.
 */
class FlinkSessionClusterITCase {

    private static final long EVENTS = 6_000;
    private static final long EVENTS_PER_SECOND = 300;
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private static final Steps steps = new Steps();
    private static LocalFlinkCluster cluster;
    private static FlinkRest rest;

    @TempDir Path work;

    @BeforeAll
    static void startCluster() {
        cluster = steps.time("start JobManager and TaskManager (until the TaskManager registered)", LocalFlinkCluster::start);
        rest = new FlinkRest(cluster.restUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            steps.time("stop the cluster", () -> {
                cluster.close();
                return null;
            });
        }
        System.out.println(steps.report());
    }

    @Test
    void runsTheClusterJarStopsItWithASavepointAndResumesFromIt() throws IOException {
        Path jar = Path.of(System.getProperty("cluster.jar"));
        Path alerts = work.resolve("alerts.ndjson");
        Path deadLetters = work.resolve("dead-letters.ndjson");
        List<String> args =
                List.of(
                        "--source", "generator",
                        "--generator.count", Long.toString(EVENTS),
                        "--generator.rate", Long.toString(EVENTS_PER_SECOND),
                        "--generator.ssh-ratio", "1",
                        "--generator.match-ratio", "1",
                        "--limit.max-alerts", "1000000",
                        "--sink", "file",
                        "--sink.path", alerts.toString(),
                        "--dead-letter.path", deadLetters.toString(),
                        "--checkpoint.interval", "2s");

        // First run: uploaded and started through the REST API.
        String jarId = steps.time("upload the cluster jar (POST /jars/upload)", () -> rest.uploadJar(jar));
        String first = steps.time("run it (POST /jars/:id/run)", () -> rest.post(
                        "/jars/" + jarId + "/run",
                        Map.of("entryClass", DetectionJob.class.getName(), "programArgsList", args))
                .path("jobid").asText());
        steps.time("job and all its tasks RUNNING", () -> awaitRunning(first));

        assertThat(vertexNames(first))
                .anyMatch(n -> n.contains("Events: fleet simulator") && n.contains("Detect"))
                .anyMatch(n -> n.contains("Limit alerts per host") && n.contains("Alert document"))
                .anyMatch(n -> n.contains("Alerts: NDJSON file"))
                .anyMatch(n -> n.contains("Dead letters: NDJSON file"));
        long seen = steps.time("Detect's eventsIn counter passes 1,200 (REST metrics)",
                () -> awaitCounter(first, "Detect", "eventsIn", n -> n >= 1_200));
        steps.time("operator counters on the TaskManager's Prometheus endpoint", () -> awaitPrometheus(
                "flink_taskmanager_job_task_operator_eventsIn", "flink_taskmanager_job_task_operator_alertsEmitted"));

        String savepoint = steps.time("stop with a savepoint (POST /jobs/:id/stop)",
                () -> stopWithSavepoint(first, work.resolve("savepoints")));
        steps.time("job FINISHED", () -> awaitState(first, "FINISHED"));
        List<String> firstRun = Files.readAllLines(alerts);
        assertThat(firstRun.size()).as("alerts of the first run").isGreaterThanOrEqualTo((int) seen).isLessThan((int) EVENTS);
        steps.note(firstRun.size() + " of " + EVENTS + " events alerted when the savepoint was taken");

        // Second run: the upgrade path, Flink's CLI with the savepoint.
        List<String> cli = new ArrayList<>(List.of("run", "--detached", "--fromSavepoint", savepoint, jar.toString()));
        cli.addAll(args);
        String second = steps.time("flink run --fromSavepoint (CLI)", () -> jobIdIn(cluster.flink(cli.toArray(String[]::new))));
        steps.time("job and all its tasks RUNNING again", () -> awaitRunning(second));
        JsonNode restored = rest.get("/jobs/" + second + "/checkpoints").path("latest").path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).as("restored: %s", restored).isTrue();
        assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);
        steps.time("Detect counts events again", () -> awaitCounter(second, "Detect", "eventsIn", n -> n > 0));
        steps.time("the rest of the events, then FINISHED (bounded source)", () -> awaitState(second, "FINISHED"));

        List<String> all = Files.readAllLines(alerts);
        assertThat(all).as("one alert per event over both runs").hasSize((int) EVENTS);
        assertThat(all.subList(0, firstRun.size())).as("the first run's alerts, kept").isEqualTo(firstRun);
        assertThat(all).allMatch(line -> line.contains("Potential OpenSSH Backdoor Logging Activity"));
        assertThat(Files.exists(deadLetters) ? Files.readAllLines(deadLetters) : List.of()).isEmpty();
    }

    // --- REST observations, each waited for with a deadline ---

    private static String awaitRunning(String jobId) {
        return await("job " + jobId + " and its tasks RUNNING", () -> {
            JsonNode job = job(jobId);
            boolean allRunning = StreamSupport.stream(job.path("vertices").spliterator(), false)
                    .allMatch(v -> v.path("status").asText().equals("RUNNING"));
            return job.path("state").asText().equals("RUNNING") && allRunning && job.path("vertices").size() > 0
                    ? Optional.of(jobId)
                    : Optional.empty();
        });
    }

    private static String awaitState(String jobId, String state) {
        return await("job " + jobId + " " + state, () -> Optional.of(job(jobId).path("state").asText()).filter(state::equals));
    }

    /** The job, failing fast (with Flink's root exception) when it failed or restarts. */
    private static JsonNode job(String jobId) {
        JsonNode job = rest.get("/jobs/" + jobId);
        String state = job.path("state").asText();
        if (state.equals("FAILED") || state.equals("RESTARTING") || state.equals("FAILING")) {
            throw new AssertionError("job " + jobId + " is " + state + ": "
                    + rest.get("/jobs/" + jobId + "/exceptions").path("root-exception").asText());
        }
        return job;
    }

    private static List<String> vertexNames(String jobId) {
        List<String> names = new ArrayList<>();
        job(jobId).path("vertices").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    /** Waits until the sum over subtasks of an operator counter satisfies {@code done}; returns it. */
    private static long awaitCounter(String jobId, String vertexNamePart, String counter, LongPredicate done) {
        String vertex = StreamSupport.stream(job(jobId).path("vertices").spliterator(), false)
                .filter(v -> v.path("name").asText().contains(vertexNamePart))
                .map(v -> v.path("id").asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no vertex named like " + vertexNamePart));
        String path = "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
        return await(counter + " of " + vertexNamePart, () -> {
            List<String> ids = new ArrayList<>();
            rest.get(path).forEach(m -> {
                if (m.path("id").asText().endsWith("." + counter)) {
                    ids.add(m.path("id").asText());
                }
            });
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            long sum = 0;
            for (JsonNode value : rest.get(path + "?get=" + String.join(",", ids))) {
                sum += (long) Double.parseDouble(value.path("value").asText("0"));
            }
            return done.test(sum) ? Optional.of(sum) : Optional.empty();
        });
    }

    private static String awaitPrometheus(String... metrics) {
        return await("Prometheus metrics " + List.of(metrics), () -> {
            String text = rest.text(cluster.taskManagerMetricsUrl());
            for (String metric : metrics) {
                Matcher m = Pattern.compile("(?m)^" + metric + "\\{[^}]*} ([0-9.E+]+)$").matcher(text);
                if (!m.find() || Double.parseDouble(m.group(1)) <= 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(text);
        });
    }

    /** Stops the job with a savepoint in {@code dir}; returns the savepoint's path. */
    private static String stopWithSavepoint(String jobId, Path dir) {
        String trigger = rest.post("/jobs/" + jobId + "/stop",
                        Map.of("targetDirectory", dir.toUri().toString(), "drain", false))
                .path("request-id").asText();
        return await("savepoint of " + jobId, () -> {
            JsonNode answer = rest.get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (!answer.path("status").path("id").asText().equals("COMPLETED")) {
                return Optional.empty();
            }
            JsonNode operation = answer.path("operation");
            if (operation.has("failure-cause")) {
                throw new AssertionError("stop with savepoint failed: " + operation.path("failure-cause"));
            }
            return Optional.of(operation.path("location").asText());
        });
    }

    private static String jobIdIn(String cliOutput) {
        Matcher m = JOB_ID.matcher(cliOutput);
        if (!m.find()) {
            throw new AssertionError("flink run printed no job id: " + cliOutput);
        }
        return m.group(1);
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        AtomicReference<T> result = new AtomicReference<>();
        Supplier<Boolean> found = () -> {
            probe.get().ifPresent(result::set);
            return result.get() != null;
        };
        try {
            CommonTestUtils.waitUtil(found, STEP_TIMEOUT, Duration.ofMillis(250), what);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": not within " + STEP_TIMEOUT + "; see " + cluster.logFile("jobmanager")
                    + " and " + cluster.logFile("taskmanager"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result.get();
    }

    /** How long each step took, printed after the test (the numbers behind the README's claims). */
    private static final class Steps {
        private final List<String> lines = new ArrayList<>();

        <T> T time(String step, Supplier<T> action) {
            long start = System.nanoTime();
            T result = action.get();
            lines.add(String.format("%7.1f s  %s", (System.nanoTime() - start) / 1e9, step));
            return result;
        }

        void note(String text) {
            lines.add("          " + text);
        }

        String report() {
            return "FlinkSessionClusterITCase steps:\n" + String.join("\n", lines);
        }
    }
}
