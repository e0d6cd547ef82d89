package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.RejectedDocument;
import io.threatstream.connectors.elasticsearch.RejectedDocumentHandler;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BulkPlannerTest {
    private static final RetryPolicy RETRIES =
            new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(10));
    /** The defaults: no limit on the count, a time limit (here 1 minute) only. */
    private static final RetryPolicy PATIENT =
            new RetryPolicy(RetryPolicy.UNLIMITED_RETRIES, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofSeconds(10));

    /** The planner's clock, in milliseconds; tests move it forward. */
    private long now = 1_000_000;

    private final List<RejectedDocument> handled = new ArrayList<>();
    private final RejectedDocumentHandler recordingHandler =
            rejected -> {
                handled.add(rejected);
                return Optional.of(("{\"dead\":\"" + rejected.id() + "\"}").getBytes(StandardCharsets.UTF_8));
            };

    private BulkPlanner planner(RejectedDocumentHandler handler) {
        return planner(handler, RETRIES);
    }

    private BulkPlanner planner(RejectedDocumentHandler handler, RetryPolicy retries) {
        // random 0.0: the jitter picks the lower end, half of the backoff step
        return new BulkPlanner("alerts", "alerts-dead-letter", retries, handler, () -> 0.0, () -> now);
    }

    private static List<BulkItem> items(String... ids) {
        List<BulkItem> items = new ArrayList<>();
        for (String id : ids) {
            items.add(BulkItem.document(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return items;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BulkPlannerTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void allCreatedIsDoneWithNothingToRequeue() throws IOException {
        BulkPlan plan = planner(recordingHandler).forResponse(items("a1", "a2", "a3"), resource("bulk-all-created.json"));

        assertThat(plan.fatal()).isNull();
        assertThat(plan.written()).isEqualTo(3);
        assertThat(plan.duplicates()).isZero();
        assertThat(plan.requeue()).isEmpty();
        assertThat(plan.retryDelayMillis()).isZero();
        assertThat(handled).isEmpty();
    }

    @Test
    void mixedResponseIsClassifiedPerItem() throws IOException {
        List<BulkItem> sent = items("ok", "dup", "busy", "bad", "down");

        BulkPlan plan = planner(recordingHandler).forResponse(sent, resource("bulk-mixed.json"));

        assertThat(plan.fatal()).isNull();
        assertThat(plan.written()).isEqualTo(1);
        assertThat(plan.duplicates()).isEqualTo(1);
        assertThat(plan.retries()).extracting(BulkItem::id).containsExactly("busy", "down");
        assertThat(plan.retries()).allSatisfy(item -> assertThat(item.failedAttempts()).isEqualTo(1));
        assertThat(plan.retryCause()).startsWith("503 unavailable_shards_exception");
        assertThat(plan.retryDelayMillis()).isEqualTo(50);

        assertThat(plan.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.id()).isEqualTo("bad");
            assertThat(rejected.index()).isEqualTo("alerts");
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.errorType()).isEqualTo("document_parsing_exception");
            assertThat(rejected.errorReason()).contains("failed to parse field [n] of type [long]");
            assertThat(rejected.json()).isEqualTo(sent.get(3).json());
        });
        assertThat(handled).hasSize(1);
        assertThat(plan.deadLetters()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.id()).isEqualTo("bad");
            assertThat(deadLetter.isDeadLetter()).isTrue();
            assertThat(new String(deadLetter.json(), StandardCharsets.UTF_8)).isEqualTo("{\"dead\":\"bad\"}");
        });
        assertThat(plan.requeue()).extracting(BulkItem::id).containsExactly("busy", "down", "bad");
    }

    @Test
    void filteredResponseParsesLikeTheFullOne() {
        byte[] filtered =
                ("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},"
                                + "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"exists\"}}}]}")
                        .getBytes(StandardCharsets.UTF_8);

        BulkPlan plan = planner(recordingHandler).forResponse(items("a", "b"), filtered);

        assertThat(plan.written()).isEqualTo(1);
        assertThat(plan.duplicates()).isEqualTo(1);
        assertThat(plan.requeue()).isEmpty();
    }

    @Test
    void droppingHandlerCountsTheRejectionButWritesNoDeadLetter() throws IOException {
        BulkPlan plan = planner(RejectedDocumentHandler.drop()).forResponse(items("ok", "dup", "busy", "bad", "down"), resource("bulk-mixed.json"));

        assertThat(plan.rejected()).extracting(RejectedDocument::id).containsExactly("bad");
        assertThat(plan.deadLetters()).isEmpty();
    }

    @Test
    void rejectedDeadLetterFailsTheJob() {
        List<BulkItem> sent = List.of(BulkItem.deadLetter("x", "{}".getBytes(StandardCharsets.UTF_8)));
        byte[] body = rejection(400, "strict_dynamic_mapping_exception", "mapping set to strict");

        BulkPlan plan = planner(recordingHandler).forResponse(sent, body);

        assertThat(plan.fatal()).hasMessageContaining("rejected the dead-letter document")
                .hasMessageContaining("'x' for index alerts-dead-letter")
                .hasMessageContaining("400 strict_dynamic_mapping_exception: mapping set to strict");
        assertThat(handled).isEmpty();
    }

    @Test
    void aDocumentTheCredentialsMayNotWriteFailsTheJobInsteadOfBeingDeadLettered() {
        byte[] body = rejection(403, "security_exception",
                "action [indices:admin/auto_create] is unauthorized for user [writer] on indices [alerts]");

        BulkPlan plan = planner(recordingHandler).forResponse(items("a"), body);

        assertThat(plan.fatal())
                .hasMessageContaining("Elasticsearch refused to write document 'a' for index alerts")
                .hasMessageContaining("403 security_exception: action [indices:admin/auto_create] is unauthorized for user [writer]")
                .hasMessageContaining("create_doc and auto_configure on the index and the dead-letter index");
        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.deadLetters()).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void failingHandlerFailsTheJob() {
        RejectedDocumentHandler broken = rejected -> {
            throw new IllegalStateException("boom");
        };

        BulkPlan plan = planner(broken).forResponse(items("bad"), rejection(400, "document_parsing_exception", "nope"));

        assertThat(plan.fatal()).hasMessageContaining("rejected-document handler failed").hasRootCauseMessage("boom");
    }

    @Test
    void retriesAreBoundedByMaxRetries() {
        List<BulkItem> sent = List.of(new BulkItem("tired", new byte[] {'{', '}'}, false, 3, now));

        BulkPlan plan = planner(recordingHandler).forResponse(sent, rejection(429, "es_rejected_execution_exception", "queue full"));

        assertThat(plan.fatal())
                .hasMessageContaining("'tired' for index alerts could not be written after 3 retries")
                .hasMessageContaining("429 es_rejected_execution_exception: queue full");
    }

    @Test
    void backoffGrowsWithTheMostFailedItem() {
        List<BulkItem> sent = List.of(
                new BulkItem("a", new byte[] {'{', '}'}, false, 0, 0),
                new BulkItem("b", new byte[] {'{', '}'}, false, 2, now));
        byte[] body =
                "{\"items\":[{\"create\":{\"status\":503}},{\"create\":{\"status\":503}}]}".getBytes(StandardCharsets.UTF_8);

        BulkPlan plan = planner(recordingHandler).forResponse(sent, body);

        // b fails for the third time: step 100 ms * 2^2 = 400 ms, lower end of the jitter = 200 ms
        assertThat(plan.retryDelayMillis()).isEqualTo(200);
        assertThat(plan.retryCause()).isEqualTo("503");
    }

    @Test
    void itemCountMismatchFailsTheJob() throws IOException {
        BulkPlan plan = planner(recordingHandler).forResponse(items("a1", "a2"), resource("bulk-all-created.json"));

        assertThat(plan.fatal()).hasMessageContaining("bulk request of 2 documents with 3 item results");
    }

    @Test
    void unparseableResponseFailsTheJob() {
        BulkPlan plan = planner(recordingHandler).forResponse(items("a"), "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8));

        assertThat(plan.fatal()).hasMessageContaining("not a bulk response").hasMessageContaining("<html>proxy error</html>");
    }

    @Test
    void connectionErrorRetriesTheWholeRequest() {
        BulkPlan plan = planner(recordingHandler).forFailure(items("a", "b"), new ConnectException("Connection refused"));

        assertThat(plan.fatal()).isNull();
        assertThat(plan.retries()).extracting(BulkItem::id).containsExactly("a", "b");
        assertThat(plan.retryCause()).isEqualTo("I/O error: ConnectException: Connection refused");
        assertThat(plan.retryDelayMillis()).isEqualTo(50);
    }

    @Test
    void anOutageIsRiddenOutUntilTheRetryTimeoutAndThenFailsTheJob() {
        BulkPlanner planner = planner(recordingHandler, PATIENT);
        long firstFailure = now;
        List<BulkItem> sent = items("a", "b");
        BulkPlan plan = planner.forFailure(sent, new ConnectException("Connection refused"));
        int attempts = 1;
        // Connection refused, again and again, each retry after its backoff, for the whole minute.
        while (plan.fatal() == null) {
            assertThat(plan.retries()).extracting(BulkItem::firstFailureMillis).containsOnly(firstFailure);
            assertThat(plan.retries()).extracting(BulkItem::failedAttempts).containsOnly(attempts);
            now += plan.retryDelayMillis();
            sent = plan.retries();
            plan = planner.forFailure(sent, new ConnectException("Connection refused"));
            attempts++;
        }

        // 50, 100, ... 3,200 ms, then 5 s each (the lower end of the jitter): the minute is
        // used up at the 19th failure, far more retries than a count limit of 3 would allow.
        assertThat(now - firstFailure).isGreaterThan(Duration.ofMinutes(1).toMillis());
        assertThat(attempts).isEqualTo(19);
        assertThat(plan.fatal())
                .hasMessageContaining("document 'a' for index alerts could not be written in 61 s of retries")
                .hasMessageContaining("19 failed attempts; sink.elasticsearch.retry.timeout is PT1M")
                .hasMessageContaining("last error: I/O error: ConnectException: Connection refused");
        assertThat(plan.requeue()).isEmpty();
    }

    @Test
    void aRecoveredClusterWithinTheTimeoutWritesTheRetriedItems() throws IOException {
        BulkPlanner planner = planner(recordingHandler, PATIENT);
        BulkPlan plan = planner.forFailure(items("a1", "a2", "a3"), new ConnectException("Connection refused"));
        now += Duration.ofSeconds(59).toMillis();
        plan = planner.forFailure(plan.retries(), new ConnectException("Connection refused"));
        assertThat(plan.fatal()).isNull();
        now += plan.retryDelayMillis();

        BulkPlan answered = planner.forResponse(plan.retries(), resource("bulk-all-created.json"));

        assertThat(answered.fatal()).isNull();
        assertThat(answered.written()).isEqualTo(3);
        assertThat(answered.requeue()).isEmpty();
    }

    @Test
    void untrustedCertificateFailsTheJob() {
        Exception failure = new IOException(new SSLHandshakeException("PKIX path building failed"));

        BulkPlan plan = planner(recordingHandler).forFailure(items("a"), failure);

        assertThat(plan.fatal())
                .hasMessageContaining("TLS failure: PKIX path building failed")
                .hasMessageContaining("sink.elasticsearch.ca-cert");
        assertThat(plan.requeue()).isEmpty();
    }

    private static byte[] rejection(int status, String type, String reason) {
        return ("{\"errors\":true,\"items\":[{\"create\":{\"status\":" + status + ",\"error\":{\"type\":\"" + type
                        + "\",\"reason\":\"" + reason + "\"}}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
