package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * One Flink MiniCluster (one TaskManager) for the whole run, set up as the context environment, so
 * that {@code DetectionJob.run} and the harness's own topologies run on it exactly as they would
 * on the MiniCluster {@code deploy/local/run-job.sh} starts. Unlike that one it outlives its jobs,
 * so finished jobs can still be asked about, and it carries the {@link CounterProbe}.
 *
 * <p>Checkpoint figures come from the REST API ({@code /jobs/:id/checkpoints/details/:id}), the
 * same numbers the dashboard shows.
 */
final class BenchCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster mini;
    private final URI rest;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private BenchCluster(MiniCluster mini, URI rest) {
        this.mini = mini;
        this.rest = rest;
    }

    /** Starts a MiniCluster with {@code slots} task slots and makes it the context environment. */
    static BenchCluster start(int slots) throws Exception {
        Configuration config = CounterProbe.addTo(new Configuration());
        config.set(RestOptions.BIND_PORT, "0");
        // Checkpoint details are served from a cache; the harness asks right after a checkpoint.
        config.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
        MiniCluster mini =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        mini.start();
        TestStreamEnvironment.setAsContext(mini, slots);
        return new BenchCluster(mini, mini.getRestAddress().get());
    }

    URI restAddress() {
        return rest;
    }

    /** The ids of all jobs the cluster knows. */
    Set<JobID> jobs() throws Exception {
        Set<JobID> ids = new HashSet<>();
        for (JobStatusMessage job : mini.listJobs().get()) {
            ids.add(job.getJobId());
        }
        return ids;
    }

    /** Waits for a job not in {@code known} to be submitted, in whatever state it is. */
    JobID awaitNewJob(Set<JobID> known, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JobStatusMessage job : mini.listJobs().get()) {
                if (!known.contains(job.getJobId())) {
                    return job.getJobId();
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("no new job was submitted within " + timeout);
    }

    /** Waits until every task of {@code job} runs. */
    void awaitAllTasksRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(mini.getJobStatus(job).get() == JobStatus.RUNNING && allTasksRunning(job))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the tasks of job " + job + " were not all running after " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private boolean allTasksRunning(JobID job) throws IOException, InterruptedException {
        JsonNode vertices = get("/jobs/" + job).path("vertices");
        if (vertices.isEmpty()) {
            return false;
        }
        for (JsonNode vertex : vertices) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    void cancel(JobID job) throws Exception {
        mini.cancelJob(job).get();
    }

    /** The job's vertices (operator chains) by name, in topological order. */
    Map<String, String> vertices(JobID job) throws IOException, InterruptedException {
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            byName.put(vertex.path("name").asText(), vertex.path("id").asText());
        }
        return byName;
    }

    /**
     * Triggers a checkpoint, waits for it, and returns the state sizes of the vertex whose name
     * contains {@code vertexName}, as the REST API reports them.
     */
    CheckpointSizes checkpoint(JobID job, String vertexName) throws Exception {
        long id = mini.triggerCheckpoint(job, CheckpointType.CONFIGURED).get(2, TimeUnit.MINUTES);
        String vertex = null;
        for (Map.Entry<String, String> v : vertices(job).entrySet()) {
            if (v.getKey().contains(vertexName)) {
                vertex = v.getValue();
            }
        }
        if (vertex == null) {
            throw new IllegalStateException("no vertex '" + vertexName + "' in " + vertices(job).keySet());
        }
        String path = "/jobs/" + job + "/checkpoints/details/" + id;
        JsonNode details = getWhenPresent(path, Duration.ofSeconds(30));
        JsonNode task = details.path("tasks").path(vertex);
        JsonNode subtasks = getWhenPresent(path + "/subtasks/" + vertex, Duration.ofSeconds(30)).path("subtasks");
        List<Long> perSubtask = new ArrayList<>();
        for (JsonNode subtask : subtasks) {
            perSubtask.add(subtask.path("state_size").asLong());
        }
        return new CheckpointSizes(
                id, task.path("state_size").asLong(), task.path("checkpointed_size").asLong(), perSubtask);
    }

    /**
     * @param checkpointId the checkpoint
     * @param stateSize the vertex's {@code state_size} (full size of its state in the checkpoint)
     * @param checkpointedSize its {@code checkpointed_size} (what this checkpoint wrote)
     * @param subtaskStateSizes {@code state_size} per subtask
     */
    record CheckpointSizes(long checkpointId, long stateSize, long checkpointedSize, List<Long> subtaskStateSizes) {}

    private JsonNode getWhenPresent(String path, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<byte[]> response = send(path);
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + new String(response.body()));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + new String(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<byte[]> send(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        mini.close();
    }
}
