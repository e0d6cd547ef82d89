package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.record.Document;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures how many alerts per second one sink subtask writes into a local single-node
 * Elasticsearch, for a few batch sizes. A measurement, not a test: run it by hand,
 *
 * <pre>
 * mvn -o -q -pl connectors test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * cd connectors &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.threatstream.connectors.elasticsearch.ElasticsearchSinkThroughput [documents [batch sizes [requests in flight]]]
 * # defaults: 50000 100,500,1000,2000 2 (sizes and in-flight counts are comma-separated lists)
 * </pre>
 *
 * It starts the node like the integration tests do ({@link LocalElasticsearch}: HTTPS, basic auth,
 * 512 MB heap) and writes realistic alert documents (about 2.3 KB of ECS JSON each) into a data
 * stream with the sink's index template, in a local Flink environment with parallelism 1. The time
 * includes job start-up, so use enough documents.
 */
public final class ElasticsearchSinkThroughput {
    private ElasticsearchSinkThroughput() {}

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int[] batchSizes = numbers(args.length > 1 ? args[1] : "100,500,1000,2000");
        int[] inFlights = numbers(args.length > 2 ? args[2] : "2");
        LocalElasticsearch node = LocalElasticsearch.start();
        try {
            System.out.printf(Locale.ROOT, "%d alerts of %d bytes per run, parallelism 1%n", documents, alert(0).length);
            // Warm up the JITs of both JVMs, or the first configuration measured looks slow.
            run(node, documents, batchSizes[0], inFlights[0], "warmup");
            for (int inFlight : inFlights) {
                for (int batchSize : batchSizes) {
                    double seconds = run(node, documents, batchSize, inFlight, "b" + batchSize + "-f" + inFlight);
                    System.out.printf(Locale.ROOT, "batch %5d, %d in flight: %5.1f s, %6.0f alerts/s, %4.1f MB/s%n",
                            batchSize, inFlight, seconds, documents / seconds, documents * (double) alert(0).length / seconds / 1e6);
                }
            }
        } finally {
            node.stop();
        }
    }

    private static int[] numbers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).mapToInt(n -> Integer.parseInt(n.strip())).toArray();
    }

    private static double run(LocalElasticsearch node, int documents, int batchSize, int inFlight, String name) throws Exception {
        ElasticsearchSink sink = node.sinkBuilder()
                .setIndex("logs-throughput.alerts-" + name)
                .setInstallTemplates(true)
                .setMaxBatchSize(batchSize)
                .setMaxInFlightRequests(inFlight)
                .setMaxBufferedRequests(Math.max(10_000, batchSize * 4))
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        DataGeneratorSource<Document> alerts = new DataGeneratorSource<>(
                i -> new Document("alert-" + i, alert(i)), documents, TypeInformation.of(Document.class));
        env.fromSource(alerts, WatermarkStrategy.noWatermarks(), "alerts").sinkTo(sink);
        long start = System.nanoTime();
        env.execute("throughput, batch " + batchSize);
        return (System.nanoTime() - start) / 1e9;
    }

    /** An alert shaped like the job's output: source event ECS fields plus kibana.alert.*. */
    static byte[] alert(long i) {
        String host = "host-" + (i % 97);
        String json = "{\"@timestamp\":\"2024-06-01T12:00:00.000Z\","
                + "\"event\":{\"kind\":\"signal\",\"category\":[\"file\"],\"type\":[\"change\"],\"action\":\"modification\","
                + "\"ingested\":\"2024-06-01T11:59:58.123Z\",\"created\":\"2024-06-01T11:59:57.000Z\",\"dataset\":\"endpoint.events.file\",\"module\":\"endpoint\"},"
                + "\"host\":{\"id\":\"" + host + "-4f1c2a\",\"name\":\"" + host + "\",\"hostname\":\"" + host + ".example.internal\","
                + "\"os\":{\"type\":\"linux\",\"family\":\"debian\",\"name\":\"Debian GNU/Linux\",\"version\":\"12\",\"kernel\":\"6.1.0-18-amd64\"}},"
                + "\"process\":{\"pid\":" + (1000 + i % 5000) + ",\"name\":\"sshd\",\"executable\":\"/usr/sbin/sshd\","
                + "\"command_line\":\"/usr/sbin/sshd -D -R\",\"entity_id\":\"ZWNhOTk0NTUtNDEwNy00ZTBmLWJlYTYtMjE4YmZkNzE0MjE0LTEyMzQ1\"},"
                + "\"file\":{\"path\":\"/usr/lib/.cache/.sshd-" + i + "\",\"name\":\".sshd-" + i + "\",\"extension\":\"\",\"size\":4096},"
                + "\"user\":{\"name\":\"root\",\"id\":\"0\"},"
                + "\"agent\":{\"type\":\"endpoint\",\"version\":\"8.19.0\",\"id\":\"9c1d7e4e-1b5a-4f0e-8a55-0f3d2b7c6e11\"},"
                + "\"rule\":{\"id\":\"f28e2be4-6eca-4349-bdd9-381573730c22\",\"name\":\"Potential OpenSSH Backdoor Logging Activity\"},"
                + "\"threat\":[{\"framework\":\"MITRE ATT&CK\",\"tactic\":{\"id\":\"TA0006\",\"name\":\"Credential Access\",\"reference\":\"https://attack.mitre.org/tactics/TA0006/\"},"
                + "\"technique\":[{\"id\":\"T1556\",\"name\":\"Modify Authentication Process\",\"reference\":\"https://attack.mitre.org/techniques/T1556/\"}]},"
                + "{\"framework\":\"MITRE ATT&CK\",\"tactic\":{\"id\":\"TA0003\",\"name\":\"Persistence\",\"reference\":\"https://attack.mitre.org/tactics/TA0003/\"},"
                + "\"technique\":[{\"id\":\"T1554\",\"name\":\"Compromise Host Software Binary\",\"reference\":\"https://attack.mitre.org/techniques/T1554/\"}]}],"
                + "\"kibana\":{\"alert\":{\"uuid\":\"" + String.format(Locale.ROOT, "%040x", i) + "\",\"status\":\"active\",\"workflow_status\":\"open\","
                + "\"severity\":\"low\",\"risk_score\":21,\"original_time\":\"2024-06-01T11:59:57.000Z\","
                + "\"reason\":\"file event with process sshd, file .sshd-" + i + ", by root on " + host + " created low alert Potential OpenSSH Backdoor Logging Activity.\","
                + "\"rule\":{\"rule_id\":\"f28e2be4-6eca-4349-bdd9-381573730c22\",\"name\":\"Potential OpenSSH Backdoor Logging Activity\",\"version\":\"211\",\"type\":\"eql\"},"
                + "\"ancestors\":[{\"id\":\"ev-" + i + "\",\"index\":\"threatstream-events\",\"depth\":0,\"type\":\"event\"}],"
                + "\"original_event\":{\"kind\":\"event\",\"category\":[\"file\"],\"type\":[\"change\"],\"action\":\"modification\",\"ingested\":\"2024-06-01T11:59:58.123Z\"}}},"
                + "\"threatstream\":{\"source\":{\"topic\":\"ecs-events\",\"partition\":" + (i % 12) + ",\"offset\":" + i + "}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
