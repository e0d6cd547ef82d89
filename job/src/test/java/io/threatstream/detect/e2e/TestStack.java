package io.threatstream.detect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The test servers as the job sees them: its command line for Kafka → Elasticsearch, and the
 * alerts as they ended up in Elasticsearch. The Elasticsearch password reaches the job through a
 * file, as in production (never as an option value).
 */
final class TestStack {

    private final KafkaBrokerExtension kafka;
    private final LocalElasticsearch elasticsearch;
    private final Path passwordFile;

    TestStack(KafkaBrokerExtension kafka, LocalElasticsearch elasticsearch, Path dir) throws IOException {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.passwordFile = Files.writeString(dir.resolve("elasticsearch-password"), LocalElasticsearch.PASSWORD);
    }

    /** A data stream name of its own ({@code logs-<dataset>-<random namespace>}). */
    static String uniqueDataStream(String dataset) {
        return "logs-" + dataset + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Options that read {@code topic} from the start to its current end with a consumer group of
     * its own and write alerts to {@code index} (with the sink's index templates), followed by
     * {@code extra} options.
     */
    String[] kafkaToElasticsearch(String topic, String index, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--source", "kafka",
                                "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                                "--source.kafka.topics", topic,
                                "--source.kafka.group-id", "e2e-" + UUID.randomUUID(),
                                "--source.kafka.starting-offsets", "earliest",
                                "--source.kafka.bounded", "latest",
                                "--sink", "elasticsearch",
                                "--sink.elasticsearch.hosts", elasticsearch.url(),
                                "--sink.elasticsearch.index", index,
                                "--sink.elasticsearch.username", LocalElasticsearch.USERNAME,
                                "--sink.elasticsearch.password-file", passwordFile.toString(),
                                "--sink.elasticsearch.ca-cert", elasticsearch.caCertificate().toString(),
                                "--sink.elasticsearch.install-template", "true",
                                "--checkpoint.interval", "1s"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    /** Every document of {@code index} by {@code _id}: the search hit, {@code _version} included. */
    Map<String, JsonNode> documents(String index) throws IOException {
        try (TestClient client = new TestClient(elasticsearch)) {
            client.refresh(index);
            JsonNode hits =
                    client.call("GET", "/" + index + "/_search?size=10000&version=true", "{\"query\":{\"match_all\":{}}}")
                            .path("hits")
                            .path("hits");
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            hits.forEach(hit -> byId.put(hit.path("_id").asText(), hit));
            return byId;
        }
    }
}
