package io.threatstream.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at a running job from outside, the way an operator would: operator metrics (through an
 * {@link InMemoryReporter}), the consumer group's committed offsets against the topic's end offsets
 * (through a Kafka admin client), and completed checkpoints with the state size of one job vertex
 * (through Flink's REST API, the dashboard's).
 */
final class LoadProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    /** A completed checkpoint: when it was triggered, and the state it holds. */
    record Checkpoint(long id, long triggerTimestamp, long vertexStateBytes, long totalStateBytes) {}

    /** Where the consumer group stands on the topic, summed over its partitions. */
    record Offsets(long end, long committed) {
        long lag() {
            return end - committed;
        }
    }

    private final InMemoryReporter metrics;
    private final JobClient jobClient;
    private final JobID job;
    private final String restUrl;
    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final Set<Long> checkpointsSeen = new HashSet<>();
    private String vertexId;

    LoadProbe(InMemoryReporter metrics, JobClient job, String restUrl, Admin admin, String topic, String groupId) {
        this.metrics = metrics;
        this.jobClient = job;
        this.job = job.getJobID();
        this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.admin = admin;
        this.topic = topic;
        this.groupId = groupId;
    }

    /** Fails if the job has ended (failed or cancelled), which a running soak must not see. */
    void requireRunning() {
        try {
            JobStatus status = jobClient.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                throw new AssertionError("The job ended: " + status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the job's status", e.getCause());
        }
    }

    /**
     * The sum over all subtasks of gauge {@code metric} of the operators whose name contains {@code
     * operator}; empty while no subtask has registered it.
     */
    OptionalLong gauge(String operator, String metric) {
        long sum = 0;
        boolean found = false;
        for (Metric m : operatorMetrics(operator, metric)) {
            if (m instanceof Gauge<?> gauge && gauge.getValue() instanceof Number value) {
                sum += value.longValue();
                found = true;
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** Like {@link #gauge} for a counter; 0 while no subtask has registered it. */
    long counter(String operator, String metric) {
        long sum = 0;
        for (Metric m : operatorMetrics(operator, metric)) {
            if (m instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    private List<Metric> operatorMetrics(String operator, String metric) {
        List<Metric> found = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : metrics.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = group.getKey().getAllVariables();
            if (job.toString().equals(variables.get(ScopeFormat.SCOPE_JOB_ID))
                    && variables.getOrDefault(ScopeFormat.SCOPE_OPERATOR_NAME, "").contains(operator)
                    && group.getValue().containsKey(metric)) {
                found.add(group.getValue().get(metric));
            }
        }
        return found;
    }

    /** The topic's end offsets and the group's committed offsets (0 where none yet). */
    Offsets offsets() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            long end = 0;
            for (var info : admin.listOffsets(latest).all().get().values()) {
                end += info.offset();
            }
            long committed = 0;
            Map<TopicPartition, OffsetAndMetadata> group =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = group.get(partition);
                committed += offset == null ? 0 : offset.offset();
            }
            return new Offsets(end, committed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read offsets of " + topic, e.getCause());
        }
    }

    /**
     * The completed checkpoints that the REST API lists now and that no earlier call returned,
     * oldest first, with the state size of the job vertex whose name contains {@code vertexName}.
     * The API keeps a short history, so call this more often than that history fills up.
     */
    List<Checkpoint> newCheckpoints(String vertexName) {
        String vertex = vertexId(vertexName);
        List<Checkpoint> found = new ArrayList<>();
        JsonNode history = get("/jobs/" + job + "/checkpoints").path("history");
        for (JsonNode checkpoint : history) {
            long id = checkpoint.path("id").asLong();
            if (!"COMPLETED".equals(checkpoint.path("status").asText()) || checkpointsSeen.contains(id)) {
                continue;
            }
            JsonNode details = get("/jobs/" + job + "/checkpoints/details/" + id);
            found.add(
                    new Checkpoint(
                            id,
                            checkpoint.path("trigger_timestamp").asLong(),
                            details.path("tasks").path(vertex).path("state_size").asLong(),
                            checkpoint.path("state_size").asLong()));
            checkpointsSeen.add(id);
        }
        found.sort((a, b) -> Long.compare(a.id(), b.id()));
        return found;
    }

    private String vertexId(String vertexName) {
        if (vertexId == null) {
            List<String> names = new ArrayList<>();
            for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
                names.add(vertex.path("name").asText());
                if (vertex.path("name").asText().contains(vertexName)) {
                    vertexId = vertex.path("id").asText();
                }
            }
            if (vertexId == null) {
                throw new AssertionError("No job vertex named like '" + vertexName + "' in " + names);
            }
        }
        return vertexId;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<byte[]> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(restUrl + path)).timeout(HTTP_TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
