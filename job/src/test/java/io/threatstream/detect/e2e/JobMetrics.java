package io.threatstream.detect.e2e;

import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Reads a job's counters, while it runs or after it finished, from an {@link InMemoryReporter} that retains them. */
public final class JobMetrics {

    private final InMemoryReporter reporter;

    public JobMetrics(InMemoryReporter reporter) {
        this.reporter = reporter;
    }

    /**
     * The sum over all subtasks of counter {@code metric} of the operators whose name contains
     * {@code operator}; fails if there is no such counter, so that a renamed metric cannot pass
     * as zero.
     */
    public long counter(JobID job, String operator, String metric) {
        long sum = 0;
        boolean found = false;
        TreeSet<String> operators = new TreeSet<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            Map<String, String> variables = group.getKey().getAllVariables();
            if (!job.toString().equals(variables.get(ScopeFormat.SCOPE_JOB_ID))) {
                continue;
            }
            String operatorName = variables.getOrDefault(ScopeFormat.SCOPE_OPERATOR_NAME, "");
            operators.add(operatorName);
            if (operatorName.contains(operator) && group.getValue().get(metric) instanceof Counter counter) {
                sum += counter.getCount();
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError(
                    "No counter '" + metric + "' of an operator '" + operator + "' in job " + job
                            + "; its operators: " + operators);
        }
        return sum;
    }
}
