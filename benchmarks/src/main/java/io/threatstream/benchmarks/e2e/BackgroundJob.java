package io.threatstream.benchmarks.e2e;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;

/**
 * A job whose blocking run ({@code DetectionJob.run(setup)}, {@code env.execute()}) goes on in a
 * thread of its own, so that the harness can watch it, feed it and cancel it.
 */
final class BackgroundJob {

    private final BenchCluster cluster;
    private final Thread thread;
    private final JobID id;
    private volatile JobExecutionResult result;
    private volatile Exception failure;
    private volatile boolean cancelled;

    private BackgroundJob(BenchCluster cluster, Callable<JobExecutionResult> run) throws Exception {
        this.cluster = cluster;
        Set<JobID> known = cluster.jobs();
        this.thread =
                new Thread(
                        () -> {
                            try {
                                result = run.call();
                            } catch (Exception e) {
                                failure = e;
                            }
                        },
                        "job-client");
        thread.setDaemon(true);
        thread.start();
        this.id = awaitSubmission(known);
    }

    /** Starts {@code run} and returns once its job is submitted. */
    static BackgroundJob submit(BenchCluster cluster, Callable<JobExecutionResult> run) throws Exception {
        return new BackgroundJob(cluster, run);
    }

    private JobID awaitSubmission(Set<JobID> known) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (JobID job : cluster.jobs()) {
                if (!known.contains(job)) {
                    return job;
                }
            }
            if (!thread.isAlive()) {
                throw new IllegalStateException("the job ended before it was submitted", failure);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the job was not submitted within 2 minutes");
    }

    JobID id() {
        return id;
    }

    /** Waits for the job to finish (a bounded source) and returns its result. */
    JobExecutionResult await(Duration timeout) throws Exception {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            cancel();
            throw new IllegalStateException("job " + id + " did not finish within " + timeout + "; cancelled");
        }
        if (failure != null) {
            throw new IllegalStateException("job " + id + " failed", failure);
        }
        return result;
    }

    /** Cancels the job (an unbounded one) and waits for its client thread to end. */
    void cancel() throws Exception {
        if (cancelled || !thread.isAlive()) {
            return;
        }
        cancelled = true;
        cluster.cancel(id);
        thread.join(TimeUnit.MINUTES.toMillis(1));
    }

    /** Fails if the job has ended on its own (an unbounded job should not). */
    void checkAlive() {
        if (!thread.isAlive() && !cancelled) {
            throw new IllegalStateException("job " + id + " ended unexpectedly", failure);
        }
    }
}
