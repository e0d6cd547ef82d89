package io.threatstream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * A metric reporter that keeps the job's live {@link Counter} objects, so that the harness can read
 * an operator's counters at any instant (every 50 ms while a job drains) instead of through the
 * REST API's metric fetcher, which refreshes every 10 s. Counters of finished jobs are kept too.
 *
 * <p>Flink instantiates the reporter itself (see {@link #addTo}); the counters live in a static
 * list because the harness has no other handle on that instance. One MiniCluster per JVM.
 */
public final class CounterProbe implements MetricReporter {

    private static final String NAME = "probe";
    private static final List<Registered> COUNTERS = new CopyOnWriteArrayList<>();

    private record Registered(String jobId, String operator, String name, Counter counter) {}

    /** Registers the reporter in a MiniCluster's configuration. */
    static Configuration addTo(Configuration config) {
        config.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
        return config;
    }

    /**
     * The sum over all subtasks of counter {@code name} of the operators of {@code job} whose name
     * contains {@code operator}; fails if there is none, so that a renamed metric cannot pass as 0.
     */
    static long sum(JobID job, String operator, String name) {
        List<Counter> counters = counters(job, operator, name);
        if (counters.isEmpty()) {
            Set<String> known = new TreeSet<>();
            for (Registered r : COUNTERS) {
                known.add(r.jobId + "/" + r.operator);
            }
            throw new IllegalStateException(
                    "no counter '" + name + "' of an operator '" + operator + "' in job " + job + "; known: " + known);
        }
        long sum = 0;
        for (Counter counter : counters) {
            sum += counter.getCount();
        }
        return sum;
    }

    /** Like {@link #sum} but 0 while the counters are not registered yet (the job is starting). */
    static long sumOrZero(JobID job, String operator, String name) {
        long sum = 0;
        for (Counter counter : counters(job, operator, name)) {
            sum += counter.getCount();
        }
        return sum;
    }

    private static List<Counter> counters(JobID job, String operator, String name) {
        List<Counter> found = new ArrayList<>();
        String id = job.toString();
        for (Registered r : COUNTERS) {
            if (r.jobId.equals(id) && r.name.equals(name) && r.operator.contains(operator)) {
                found.add(r.counter);
            }
        }
        return found;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metric instanceof Counter counter) {
            String job = group.getAllVariables().get(ScopeFormat.SCOPE_JOB_ID);
            String operator = group.getAllVariables().get(ScopeFormat.SCOPE_OPERATOR_NAME);
            if (job != null && operator != null) {
                COUNTERS.add(new Registered(job, operator, metricName, counter));
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // Kept: a finished job's totals are read after it has ended.
    }

    /** Creates the reporter; named in the configuration by {@link #addTo}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CounterProbe();
        }
    }
}
