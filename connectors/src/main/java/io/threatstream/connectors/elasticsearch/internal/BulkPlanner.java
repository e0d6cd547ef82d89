package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.ElasticsearchSinkException;
import io.threatstream.connectors.elasticsearch.RejectedDocument;
import io.threatstream.connectors.elasticsearch.RejectedDocumentHandler;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Turns the outcome of a bulk request into a {@link BulkPlan}: per item, 201 is written, 409 a
 * duplicate (already written by an earlier attempt or a replay), 429/408/5xx a retry, 401/403 a
 * fatal failure (missing privileges), any other status a rejection that goes to the {@link
 * RejectedDocumentHandler}; a whole-request failure is retried or fatal as {@link RequestFailure}
 * says. A retry the {@link RetryPolicy} no longer allows (timeout or count) is fatal. Pure logic
 * without I/O, with the random source and the clock passed in, so every branch is unit-tested with
 * canned responses.
 */
public final class BulkPlanner {
    private final String index;
    private final String deadLetterIndex;
    private final RetryPolicy retryPolicy;
    private final RejectedDocumentHandler rejectedDocumentHandler;
    private final DoubleSupplier random;
    private final LongSupplier clockMillis;

    /**
     * @param random numbers in [0, 1) for the backoff jitter
     * @param clockMillis a monotonic clock in milliseconds, for the retry timeout
     */
    public BulkPlanner(
            String index,
            String deadLetterIndex,
            RetryPolicy retryPolicy,
            RejectedDocumentHandler rejectedDocumentHandler,
            DoubleSupplier random,
            LongSupplier clockMillis) {
        this.index = index;
        this.deadLetterIndex = deadLetterIndex;
        this.retryPolicy = retryPolicy;
        this.rejectedDocumentHandler = rejectedDocumentHandler;
        this.random = random;
        this.clockMillis = clockMillis;
    }

    /** The plan after Elasticsearch answered the bulk request with 200 and this body. */
    public BulkPlan forResponse(List<BulkItem> sent, byte[] body) {
        BulkPlan plan = new BulkPlan();
        List<ItemResult> results;
        try {
            results = BulkResponseParser.parse(body);
        } catch (IOException e) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            "Elasticsearch answered a bulk request with a body that is not a bulk"
                                    + " response: "
                                    + e.getMessage()
                                    + "; body: "
                                    + ElasticsearchError.describeBody(body));
            return plan;
        }
        if (results.size() != sent.size()) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            "Elasticsearch answered a bulk request of "
                                    + sent.size()
                                    + " documents with "
                                    + results.size()
                                    + " item results; cannot tell which documents were written.");
            return plan;
        }
        for (int i = 0; i < sent.size() && plan.fatal == null; i++) {
            BulkItem item = sent.get(i);
            ItemResult result = results.get(i);
            switch (result.kind()) {
                case WRITTEN:
                    plan.written++;
                    break;
                case DUPLICATE:
                    plan.duplicates++;
                    break;
                case RETRYABLE:
                    retry(plan, item, result.describe());
                    break;
                case UNAUTHORIZED:
                    plan.fatal =
                            new ElasticsearchSinkException(
                                    "Elasticsearch refused to write "
                                            + describe(item)
                                            + ": "
                                            + result.describe()
                                            + RequestFailure.hint(result.status()));
                    break;
                case REJECTED:
                    reject(plan, item, result);
                    break;
            }
        }
        scheduleRetries(plan);
        return plan;
    }

    /** The plan after the bulk request failed as a whole. */
    public BulkPlan forFailure(List<BulkItem> sent, Exception failure) {
        BulkPlan plan = new BulkPlan();
        RequestFailure cause = RequestFailure.of(failure);
        if (!cause.retryable()) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            "A bulk request to Elasticsearch failed: " + cause.description(), failure);
            return plan;
        }
        for (int i = 0; i < sent.size() && plan.fatal == null; i++) {
            retry(plan, sent.get(i), cause.description());
        }
        scheduleRetries(plan);
        return plan;
    }

    private void retry(BulkPlan plan, BulkItem item, String cause) {
        long now = clockMillis.getAsLong();
        BulkItem again = item.failedOnce(now);
        long failingForMillis = now - again.firstFailureMillis();
        if (retryPolicy.timedOut(failingForMillis)) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            describe(item)
                                    + " could not be written in "
                                    + Duration.ofMillis(failingForMillis).toSeconds()
                                    + " s of retries ("
                                    + again.failedAttempts()
                                    + " failed attempts; sink.elasticsearch.retry.timeout is "
                                    + retryPolicy.timeout()
                                    + "); last error: "
                                    + cause);
            return;
        }
        if (retryPolicy.retriesExhausted(again.failedAttempts())) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            describe(item)
                                    + " could not be written after "
                                    + retryPolicy.maxRetries()
                                    + " retries (sink.elasticsearch.retry.max-retries); last error: "
                                    + cause);
            return;
        }
        plan.retries.add(again);
        plan.retryCause = cause;
    }

    private void reject(BulkPlan plan, BulkItem item, ItemResult result) {
        if (item.isDeadLetter()) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            "Elasticsearch rejected the dead-letter document for "
                                    + describe(item)
                                    + ": "
                                    + result.describe()
                                    + ". Check the mapping of the dead-letter index.");
            return;
        }
        RejectedDocument rejected =
                new RejectedDocument(
                        index, item.id(), result.status(), result.errorType(), result.errorReason(), item.json());
        plan.rejected.add(rejected);
        Optional<byte[]> deadLetter;
        try {
            deadLetter = rejectedDocumentHandler.deadLetterFor(rejected);
        } catch (RuntimeException e) {
            plan.fatal =
                    new ElasticsearchSinkException(
                            "The rejected-document handler failed on " + rejected.describe(), e);
            return;
        }
        deadLetter.ifPresent(
                json -> plan.deadLetters.add(BulkItem.deadLetter(item.id(), DocumentConverter.oneLine(json))));
    }

    private void scheduleRetries(BulkPlan plan) {
        if (plan.fatal != null || plan.retries.isEmpty()) {
            return;
        }
        int attempts = 0;
        for (BulkItem item : plan.retries) {
            attempts = Math.max(attempts, item.failedAttempts());
        }
        plan.retryDelayMillis = retryPolicy.backoffMillis(attempts, random.getAsDouble());
    }

    private String describe(BulkItem item) {
        return "document "
                + (item.id() == null ? "(no id)" : "'" + item.id() + "'")
                + " for index "
                + (item.isDeadLetter() ? deadLetterIndex : index);
    }
}
