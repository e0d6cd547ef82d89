package io.threatstream.detect;

import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.detect.config.JobSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * The detection job, unbounded, started in the background on the test's MiniCluster (the context
 * environment during a test), for tests that break a server under it while it runs. Every wait
 * here also watches the job: if it ends, the wait fails at once with the job's failure. Closing it
 * cancels the job.
 */
final class RunningJob implements AutoCloseable {

    /** How long a wait pauses between two looks at its condition. */
    private static final Duration POLL = Duration.ofMillis(250);

    /** A condition a test waits for; it may read a server, hence the exception. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private final JobClient client;
    private final CompletableFuture<JobExecutionResult> result;

    private RunningJob(JobClient client) {
        this.client = client;
        this.result = client.getJobExecutionResult();
    }

    /** Starts the job described by {@code args} and returns once it is {@link JobStatus#RUNNING}. */
    static RunningJob start(String... args) throws Exception {
        JobSetup setup = JobSetup.fromArgs(args);
        RunningJob job = new RunningJob(DetectionJob.build(setup).executeAsync(setup.jobName()));
        job.await(Duration.ofMinutes(1), "the job to be running", () -> job.status() == JobStatus.RUNNING);
        return job;
    }

    /**
     * Options for the job reading {@code topic} from its start, without end, as consumer group
     * {@code groupId}, and writing its alerts to {@code index} on {@code elasticsearch} (the sink's
     * index templates installed, the password in a file in {@code dir}), every alert let through
     * by the limiter; then {@code extra} options.
     */
    static String[] kafkaToElasticsearch(
            String bootstrapServers,
            String topic,
            String groupId,
            LocalElasticsearch elasticsearch,
            String index,
            Path dir,
            String... extra)
            throws IOException {
        return KafkaToElasticsearchArgs.reading(bootstrapServers, topic, groupId)
                .writingTo(elasticsearch, KafkaToElasticsearchArgs.passwordFile(dir), index)
                .and("--limit.max-alerts", "1000000", "--checkpoint.interval", "1s", "--parallelism", "2")
                .and(extra)
                .toArray();
    }

    JobID id() {
        return client.getJobID();
    }

    JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until {@code condition} holds; fails when {@code timeout} passes first, or as soon as
     * the job ends (it never ends by itself: an end is a failure).
     */
    void await(Duration timeout, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; job " + status());
            }
            // Waiting on the job's result doubles as the pause and notices an end of the job.
            try {
                result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("The job ended while waiting for " + what);
            } catch (TimeoutException stillRunning) {
                // look again
            } catch (ExecutionException failed) {
                throw new AssertionError("The job failed while waiting for " + what, failed.getCause());
            }
        }
    }

    /** Keeps watching the job for {@code duration}, failing as soon as it ends. */
    void keepsRunningFor(Duration duration, String what) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        await(duration.plusMinutes(1), what, () -> System.nanoTime() >= end);
    }

    /** Cancels the job and waits until it is gone. */
    @Override
    public void close() throws Exception {
        if (!result.isDone()) {
            client.cancel().get(1, TimeUnit.MINUTES);
        }
        try {
            result.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException cancelled) {
            // the expected end of an unbounded job
        }
    }
}
