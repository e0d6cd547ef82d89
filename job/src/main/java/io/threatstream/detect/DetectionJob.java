package io.threatstream.detect;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.config.CommandLine;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.config.OptionsException;
import io.threatstream.detect.pipeline.DetectionPipeline;
import io.threatstream.detect.rule.RuleLoadException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job's entry point: reads the options, loads and compiles the rule, and wires the
 * configured source → {@link DetectionPipeline} → sinks. The same main runs on a laptop (a local
 * MiniCluster with the web dashboard) and when submitted to a Flink cluster.
 *
 * <p>Exit codes: 0 when a bounded job has finished, 2 for a bad option or rule (before the job
 * starts), 1 when the job fails.
 */
public final class DetectionJob {

    static final String USAGE =
            "usage: deploy/local/run-job.sh [--key value ...]\n"
                    + "Runs an Elastic EQL detection rule on a stream of ECS events and writes alerts.\n"
                    + "With no options: the built-in rule on a simulated fleet, alerts to stdout.";

    private DetectionJob() {}

    public static void main(String[] args) throws Exception {
        if (CommandLine.wantsHelp(args)) {
            System.out.println(JobSetup.commandLine().help(USAGE));
            return;
        }
        JobSetup setup;
        try {
            setup = JobSetup.fromArgs(args);
        } catch (OptionsException | RuleLoadException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(setup);
    }

    /** Builds the job described by {@code setup} and runs it until a bounded source is done. */
    public static JobExecutionResult run(JobSetup setup) throws Exception {
        return build(setup).execute(setup.jobName());
    }

    /** The job described by {@code setup}, on its environment, ready to execute (under {@link JobSetup#jobName()}). */
    static StreamExecutionEnvironment build(JobSetup setup) {
        StreamExecutionEnvironment env = setup.createEnvironment();
        DataStream<RawRecord> records = Sources.create(env, setup);
        DetectionPipeline.Outputs outputs =
                DetectionPipeline.build(records, setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
        Sinks.attach(outputs, setup);
        return env;
    }
}
