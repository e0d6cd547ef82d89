package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reverse proxy between the job's Elasticsearch sink and the node that notes when each alert is
 * acknowledged: the instant Elasticsearch's answer to the {@code _bulk} request that carried it
 * arrives here, which is also, a fraction of a millisecond later, when the sink learns it. Nothing
 * in the job or the node is changed for the measurement; the cost is one local hop per request.
 *
 * <p>For every item Elasticsearch created (status 201) whose document is an alert, it keeps the
 * alert's id, the Kafka timestamp of its event ({@code threatstream.source.timestamp}, set by the
 * producer when it sent the event), the time the job built the alert ({@code @timestamp}) and the
 * acknowledgement time, all from this machine's clock.
 */
final class AckTimingProxy implements AutoCloseable {

    /** One acknowledged alert; times in epoch milliseconds. */
    record Ack(String id, long produced, long built, long acknowledged) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers the JDK's HTTP client sets itself, or that belong to one hop only. */
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLong otherDocuments = new AtomicLong();
    private final AtomicLong failedItems = new AtomicLong();

    private AckTimingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy to the node at {@code target}, listening on a free local port. */
    static AckTimingProxy start(URI target) throws IOException {
        return new AckTimingProxy(target);
    }

    URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    List<Ack> acks() {
        return new ArrayList<>(acks);
    }

    int ackCount() {
        return acks.size();
    }

    /** Documents created that are not alerts (suppression summaries, dead letters). */
    long otherDocuments() {
        return otherDocuments.get();
    }

    /** Bulk items Elasticsearch did not create (retried, duplicates, rejected). */
    long failedItems() {
        return failedItems.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(target.resolve(query == null ? path : path + "?" + query))
                            .timeout(Duration.ofMinutes(2))
                            .method(
                                    exchange.getRequestMethod(),
                                    body.length == 0
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            long acknowledged = System.currentTimeMillis();
            if (path.equals("/_bulk") && response.statusCode() == 200) {
                record(body, response.body(), acknowledged);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            boolean noBody = answer.length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    /** Pairs the request's actions with the response's items (same order) and keeps the created alerts. */
    private void record(byte[] request, byte[] response, long acknowledged) throws IOException {
        JsonNode items = JSON.readTree(response).path("items");
        String[] lines = new String(request, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i + 1 < lines.length && i / 2 < items.size(); i += 2) {
            JsonNode item = items.get(i / 2).elements().next();
            if (item.path("status").asInt() != 201) {
                failedItems.incrementAndGet();
                continue;
            }
            JsonNode action = JSON.readTree(lines[i]).elements().next();
            JsonNode document = JSON.readTree(lines[i + 1]);
            String produced = document.path("threatstream").path("source").path("timestamp").asText("");
            if (produced.isEmpty() || action.path("_index").asText().endsWith("-dead-letter")) {
                otherDocuments.incrementAndGet();
                continue;
            }
            acks.add(
                    new Ack(
                            action.path("_id").asText(),
                            Instant.parse(produced).toEpochMilli(),
                            Instant.parse(document.path("@timestamp").asText()).toEpochMilli(),
                            acknowledged));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
