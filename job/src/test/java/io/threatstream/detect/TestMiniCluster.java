package io.threatstream.detect;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster the job's integration tests run on: one TaskManager with two slots, enough for
 * the job at parallelism 2 on the small test machine.
 */
public final class TestMiniCluster {

    private TestMiniCluster() {}

    /**
     * A MiniCluster with {@code configuration} whose metrics go to {@code metrics}, for tests that
     * read the job's counters.
     */
    public static MiniClusterExtension withMetrics(InMemoryReporter metrics, Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .setConfiguration(metrics.addToConfiguration(configuration))
                        .build());
    }

    /** A configuration with restarts off: any failure of the job ends it, and so fails the test. */
    public static Configuration noRestarts() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return configuration;
    }
}
