package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.connectors.elasticsearch.Secret;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.pipeline.DetectionPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard and savepoints rely on: every operator named and with a stable uid. */
class JobGraphTest {

    @TempDir Path dir;

    @Test
    void everyOperatorHasAStableUidAndAReadableName() throws Exception {
        Path events = Files.writeString(dir.resolve("events.ndjson"), "{}\n");
        StreamGraph graph =
                graphOf(
                        "--source", "file", "--source.path", events.toString(),
                        "--sink", "file", "--sink.path", dir.resolve("alerts.ndjson").toString(),
                        "--dead-letter.path", dir.resolve("dead.ndjson").toString());
        List<String> uids = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotBlank();
            assertThat(node.getOperatorName()).doesNotContain("Process").doesNotContain("Map");
            uids.add(node.getTransformationUID());
        }
        assertThat(uids)
                .contains(
                        Sources.FILE_UID,
                        DetectionPipeline.DETECT_UID,
                        DetectionPipeline.EVENT_TIME_UID,
                        DetectionPipeline.LIMIT_UID,
                        DetectionPipeline.ALERT_UID)
                .doesNotHaveDuplicates();
        assertThat(uids.stream().filter(u -> u.startsWith(Sinks.ALERTS_UID))).isNotEmpty();
        assertThat(uids.stream().filter(u -> u.startsWith(Sinks.DEAD_LETTERS_UID))).isNotEmpty();
    }

    @Test
    void theEmbeddedDefaultHasTheSameShape() throws Exception {
        StreamGraph graph = graphOf();
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(Sources.GENERATOR_UID, DetectionPipeline.DETECT_UID, DetectionPipeline.LIMIT_UID);
    }

    @Test
    void checkpointingIsExactlyOnceByDefault() throws Exception {
        StreamGraph graph = graphOf();
        assertThat(graph.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        assertThat(graph.getCheckpointConfig().getCheckpointInterval()).isEqualTo(30_000);
        assertThat(graph.getCheckpointConfig().getCheckpointingConsistencyMode().name()).isEqualTo("EXACTLY_ONCE");
    }

    @Test
    void recordsAreNotCopiedBetweenChainedOperators() throws Exception {
        assertThat(graphOf().getExecutionConfig().isObjectReuseEnabled()).isTrue();
    }

    @Test
    void theJobGraphHoldsWhereTheElasticsearchSecretIsNeverTheSecret() throws Exception {
        String password = "password-do-not-leak-4e7b";
        Path passwordFile = Files.writeString(dir.resolve("elasticsearch-password"), password + "\n");
        Path events = Files.writeString(dir.resolve("events.ndjson"), "{}\n");
        StreamGraph graph =
                graphOf(
                        "--source", "file", "--source.path", events.toString(),
                        "--sink", "elasticsearch",
                        "--sink.elasticsearch.hosts", "https://localhost:9200",
                        "--sink.elasticsearch.username", "threatstream_writer",
                        "--sink.elasticsearch.password-file", passwordFile.toString());

        // What Flink stores for high availability and ships to the task managers.
        String jobGraph =
                new String(InstantiationUtil.serializeObject(graph.getJobGraph()), StandardCharsets.ISO_8859_1);

        assertThat(jobGraph).as("the serialized sink is in the job graph").contains(Secret.class.getName());
        assertThat(jobGraph).doesNotContain(password);
        assertThat(jobGraph)
                .doesNotContain(Base64.getEncoder().encodeToString(("threatstream_writer:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static StreamGraph graphOf(String... args) {
        JobSetup setup = JobSetup.fromArgs(args);
        StreamExecutionEnvironment env = setup.createEnvironment();
        DetectionPipeline.Outputs outputs =
                DetectionPipeline.build(
                        Sources.create(env, setup), setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
        Sinks.attach(outputs, setup);
        return env.getStreamGraph();
    }
}
