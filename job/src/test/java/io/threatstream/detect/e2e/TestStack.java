package io.threatstream.detect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.KafkaToElasticsearchArgs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        this.passwordFile = KafkaToElasticsearchArgs.passwordFile(dir);
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
        return KafkaToElasticsearchArgs.reading(kafka.bootstrapServers(), topic, "e2e-" + UUID.randomUUID())
                .toCurrentEnd()
                .writingTo(elasticsearch, passwordFile, index)
                .and("--checkpoint.interval", "1s")
                .and(extra)
                .toArray();
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
