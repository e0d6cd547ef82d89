package io.threatstream.detect;

import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The detection job's command line for Kafka → Elasticsearch against the test servers, built up
 * in steps: the source reads its topic from the start, the sink installs its index templates, and
 * the Elasticsearch password reaches the job through a file, as in production (never as an option
 * value). Options added later win over earlier ones, as on any command line of the job.
 */
public final class KafkaToElasticsearchArgs {

    private final List<String> args = new ArrayList<>();

    private KafkaToElasticsearchArgs() {}

    /** Options that read {@code topic} on {@code bootstrapServers} from its start as consumer group {@code groupId}, without end. */
    public static KafkaToElasticsearchArgs reading(String bootstrapServers, String topic, String groupId) {
        return new KafkaToElasticsearchArgs()
                .and(
                        "--source", "kafka",
                        "--source.kafka.bootstrap-servers", bootstrapServers,
                        "--source.kafka.topics", topic,
                        "--source.kafka.group-id", groupId,
                        "--source.kafka.starting-offsets", "earliest");
    }

    /** Writes the test node's password to a file in {@code dir}, for {@link #writingTo}. */
    public static Path passwordFile(Path dir) throws IOException {
        return Files.writeString(dir.resolve("elasticsearch-password"), LocalElasticsearch.PASSWORD);
    }

    /** Makes the source bounded: it reads up to the topic's end as of the job's start, then the job ends. */
    public KafkaToElasticsearchArgs toCurrentEnd() {
        return and("--source.kafka.bounded", "latest");
    }

    /**
     * Adds the sink: alerts go to {@code index} on {@code elasticsearch}, with its index templates,
     * as the test user whose password is in {@code passwordFile}.
     */
    public KafkaToElasticsearchArgs writingTo(LocalElasticsearch elasticsearch, Path passwordFile, String index) {
        return and(
                "--sink", "elasticsearch",
                "--sink.elasticsearch.hosts", elasticsearch.url(),
                "--sink.elasticsearch.index", index,
                "--sink.elasticsearch.username", LocalElasticsearch.USERNAME,
                "--sink.elasticsearch.password-file", passwordFile.toString(),
                "--sink.elasticsearch.ca-cert", elasticsearch.caCertificate().toString(),
                "--sink.elasticsearch.install-template", "true");
    }

    /** Adds {@code options}, given as {@code --key value} pairs. */
    public KafkaToElasticsearchArgs and(String... options) {
        args.addAll(Arrays.asList(options));
        return this;
    }

    public String[] toArray() {
        return args.toArray(String[]::new);
    }
}
