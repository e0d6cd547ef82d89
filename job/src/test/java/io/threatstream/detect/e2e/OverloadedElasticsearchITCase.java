package io.threatstream.detect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.TestMiniCluster;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overloaded Elasticsearch: a proxy in front of the real node answers 429 to two bulk requests
 * in three, alternately for the whole request (as indexing pressure does) and for every item of
 * it (as a full write queue does); it forwards everything else. A real node cannot be made to do
 * that on cue, hence the proxy. The sink retries with backoff, the job neither fails nor restarts,
 * and Elasticsearch ends up holding exactly the expected alerts.
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OverloadedElasticsearchITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    // Any failure of the job fails the test: no restart hides it.
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, TestMiniCluster.noRestarts());

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Initial retry backoff given to the job; the first pause is at least half of it (jitter). */
    private static final long INITIAL_BACKOFF_MS = 200;

    @TempDir Path dir;

    private HttpServer proxy;

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    @Test
    void rejectedBulkRequestsAreRetriedWithBackoffAndEveryAlertIsWrittenOnce() throws Exception {
        LocalElasticsearch es = ElasticsearchExtension.node();
        OverloadingProxy overload = new OverloadingProxy(URI.create(es.url()), trusting(es.caCertificate()));
        proxy = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        proxy.createContext("/", overload::handle);
        proxy.start();

        String ruleId = RuleLoader.load(null, null).metadata().ruleId();
        FleetSimulator fleet = new FleetSimulator(13, 500, 0.02, 0.005, 1_764_000_000_000L, 1000);
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 8000; i++) {
            byte[] event = fleet.event(i);
            events.write(event);
            events.write('\n');
            if (fleet.isBackdoorWrite(i)) {
                expected.add(AlertIds.forMatch(ruleId, event));
            }
        }
        assertThat(expected).hasSizeGreaterThan(20);
        Path input = Files.write(dir.resolve("events.ndjson"), events.toByteArray());
        Path password = Files.writeString(dir.resolve("password"), LocalElasticsearch.PASSWORD);
        String index = "logs-overload.alerts-" + UUID.randomUUID().toString().substring(0, 8);

        var job =
                DetectionJob.run(
                                JobSetup.fromArgs(
                                        new String[] {
                                            "--source", "file", "--source.path", input.toString(),
                                            "--sink", "elasticsearch",
                                            "--sink.elasticsearch.hosts", "http://localhost:" + proxy.getAddress().getPort(),
                                            "--sink.elasticsearch.index", index,
                                            "--sink.elasticsearch.username", LocalElasticsearch.USERNAME,
                                            "--sink.elasticsearch.password-file", password.toString(),
                                            "--sink.elasticsearch.install-template", "true",
                                            "--sink.elasticsearch.bulk.max-actions", "5",
                                            "--sink.elasticsearch.retry.max-retries", "10",
                                            "--sink.elasticsearch.retry.initial-backoff", INITIAL_BACKOFF_MS + "ms",
                                            "--limit.max-alerts", "1000000",
                                            "--dead-letter.path", dir.resolve("dead.ndjson").toString(),
                                            "--checkpoint.interval", "1s"
                                        }))
                        .getJobID();

        assertThat(overload.rejectedRequests.get()).as("bulk requests answered 429 as a whole").isGreaterThan(2);
        assertThat(overload.rejectedItemRequests.get()).as("bulk requests with every item 429").isGreaterThan(2);
        assertThat(overload.tooEarlyRetries).as("retries sooner than half the initial backoff").isEmpty();

        List<String> ids = new ArrayList<>();
        long count;
        try (TestClient client = new TestClient(es)) {
            client.refresh(index);
            count = client.count(index);
            for (JsonNode hit : client.searchAll(index)) {
                ids.add(hit.path("_id").asText());
            }
        }
        assertThat(count).isEqualTo(expected.size());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);

        JobMetrics metrics = new JobMetrics(METRICS);
        assertThat(metrics.counter(job, "Alerts: Elasticsearch", "retries")).isPositive();
        assertThat(metrics.counter(job, "Alerts: Elasticsearch", "deadLettered")).isZero();
        System.out.printf(
                "OverloadedElasticsearchITCase: %d alerts expected, %d stored; %d bulk requests 429, %d with every item 429, %d forwarded%n",
                expected.size(), count, overload.rejectedRequests.get(), overload.rejectedItemRequests.get(),
                overload.forwardedBulks.get());
    }

    /**
     * Plain HTTP in, HTTPS to the node out. Bulk request {@code n} (from 0) is forwarded when {@code
     * n % 3 == 2}; otherwise answered 429 as a whole ({@code n % 3 == 0}) or item by item. Remembers
     * when each document id was last refused, to check the pause before its next attempt.
     */
    private static final class OverloadingProxy {
        private final URI target;
        private final HttpClient client;
        private final AtomicInteger bulks = new AtomicInteger();
        final AtomicInteger rejectedRequests = new AtomicInteger();
        final AtomicInteger rejectedItemRequests = new AtomicInteger();
        final AtomicInteger forwardedBulks = new AtomicInteger();
        private final Map<String, Long> refusedAtNanos = new ConcurrentHashMap<>();
        final List<String> tooEarlyRetries = java.util.Collections.synchronizedList(new ArrayList<>());

        OverloadingProxy(URI target, SSLContext tls) {
            this.target = target;
            this.client = HttpClient.newBuilder().sslContext(tls).build();
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = readAll(exchange.getRequestBody());
                String path = exchange.getRequestURI().getRawPath();
                if (path.endsWith("/_bulk")) {
                    List<String> ids = documentIds(body);
                    checkBackoff(ids);
                    int n = bulks.getAndIncrement();
                    if (n % 3 == 0) {
                        rejectedRequests.incrementAndGet();
                        refuse(ids);
                        respond(exchange, 429, "{\"error\":{\"type\":\"es_rejected_execution_exception\","
                                + "\"reason\":\"rejected execution of coordinating operation\"},\"status\":429}");
                        return;
                    }
                    if (n % 3 == 1) {
                        rejectedItemRequests.incrementAndGet();
                        refuse(ids);
                        respond(exchange, 200, itemsRejected(ids));
                        return;
                    }
                    forwardedBulks.incrementAndGet();
                }
                forward(exchange, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void checkBackoff(List<String> ids) {
            long now = System.nanoTime();
            for (String id : ids) {
                Long refused = refusedAtNanos.get(id);
                if (refused != null && now - refused < TimeUnit.MILLISECONDS.toNanos(INITIAL_BACKOFF_MS / 2)) {
                    tooEarlyRetries.add(id + " after " + TimeUnit.NANOSECONDS.toMillis(now - refused) + " ms");
                }
            }
        }

        private void refuse(List<String> ids) {
            long now = System.nanoTime();
            ids.forEach(id -> refusedAtNanos.put(id, now));
        }

        private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Authorization", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }

        private static void respond(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        /** The {@code _id}s of a bulk body's actions (every other line, from the first). */
        private static List<String> documentIds(byte[] body) throws IOException {
            List<String> ids = new ArrayList<>();
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode action = JSON.readTree(lines[i]);
                ids.add(action.elements().next().path("_id").asText());
            }
            return ids;
        }

        private static String itemsRejected(List<String> ids) {
            StringBuilder items = new StringBuilder();
            for (String id : ids) {
                items.append(items.length() == 0 ? "" : ",")
                        .append("{\"create\":{\"_id\":\"").append(id).append("\",\"status\":429,\"error\":{")
                        .append("\"type\":\"es_rejected_execution_exception\",\"reason\":\"write queue full\"}}}");
            }
            return "{\"took\":1,\"errors\":true,\"items\":[" + items + "]}";
        }

        private static byte[] readAll(InputStream in) throws IOException {
            return in.readAllBytes();
        }
    }

    private static SSLContext trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        return tls;
    }
}
