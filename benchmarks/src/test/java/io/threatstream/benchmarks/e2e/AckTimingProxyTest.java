package io.threatstream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AckTimingProxyTest {

    /** Items in order: an alert created, an alert answered 409, a dead letter, a summary, an alert created. */
    private static final String BULK =
            action("logs-a", "alert-1") + alert("2026-01-01T00:00:00.100Z", "2026-01-01T00:00:00.250Z")
                    + action("logs-a", "alert-2") + alert("2026-01-01T00:00:00.200Z", "2026-01-01T00:00:00.300Z")
                    + action("logs-a-dead-letter", "dl-1") + alert("2026-01-01T00:00:00.300Z", "2026-01-01T00:00:00.400Z")
                    + action("logs-a", "summary-1") + "{\"@timestamp\":\"2026-01-01T00:00:01.000Z\"}\n"
                    + action("logs-a", "alert-3") + alert("2026-01-01T00:00:00.400Z", "2026-01-01T00:00:00.450Z");
    private static final String BULK_ANSWER =
            "{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":409}},"
                    + "{\"create\":{\"status\":201}},{\"create\":{\"status\":201}},{\"create\":{\"status\":201}}]}";

    private final AtomicReference<String> received = new AtomicReference<>();
    private HttpServer node;
    private AckTimingProxy proxy;
    private final HttpClient client = HttpClient.newHttpClient();

    private static String action(String index, String id) {
        return "{\"create\":{\"_index\":\"" + index + "\",\"_id\":\"" + id + "\"}}\n";
    }

    private static String alert(String produced, String built) {
        return "{\"@timestamp\":\"" + built + "\",\"threatstream\":{\"source\":{\"type\":\"kafka\",\"timestamp\":\""
                + produced + "\"}}}\n";
    }

    @BeforeEach
    void startNodeAndProxy() throws Exception {
        node = HttpServer.create(new InetSocketAddress("localhost", 0), 8);
        node.createContext("/", exchange -> {
            received.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = (exchange.getRequestURI().getPath().equals("/_bulk") ? BULK_ANSWER : "{\"ok\":true}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-elastic-product", "Elasticsearch");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        node.start();
        proxy = AckTimingProxy.start(URI.create("http://localhost:" + node.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        node.stop(0);
    }

    @Test
    void createdAlertsAreTimedWhenTheAnswerArrivesAndTheRestIsCountedApart() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(proxy.url().resolve("/_bulk?filter_path=items.*.status"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(BULK))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long after = System.currentTimeMillis();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(BULK_ANSWER);
        assertThat(received.get()).isEqualTo("POST /_bulk?filter_path=items.*.status " + BULK);
        assertThat(proxy.acks()).extracting(AckTimingProxy.Ack::id).containsExactly("alert-1", "alert-3");
        AckTimingProxy.Ack first = proxy.acks().get(0);
        assertThat(first.produced()).isEqualTo(Instant.parse("2026-01-01T00:00:00.100Z").toEpochMilli());
        assertThat(first.built()).isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z").toEpochMilli());
        assertThat(first.acknowledged()).isBetween(before, after);
        assertThat(proxy.failedItems()).isEqualTo(1);
        assertThat(proxy.otherDocuments()).isEqualTo(2);
    }

    @Test
    void otherRequestsPassThroughWithTheNodesHeaders() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(proxy.url().resolve("/_cluster/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("X-elastic-product")).hasValue("Elasticsearch");
        assertThat(received.get()).isEqualTo("GET /_cluster/health ");
        assertThat(proxy.ackCount()).isZero();
    }
}
