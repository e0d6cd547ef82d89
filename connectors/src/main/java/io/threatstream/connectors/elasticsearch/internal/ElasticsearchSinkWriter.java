package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.RejectedDocument;
import io.threatstream.connectors.record.Document;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends batches of {@link BulkItem}s as {@code _bulk} requests and acts on the answer: written and
 * duplicate items are done; retryable ones go back into the buffer after a backoff pause (the
 * request stays in flight meanwhile, so the rate limiter and checkpoints wait for it); rejected
 * ones are logged, counted and replaced by dead-letter documents; a fatal failure fails the job.
 *
 * <p>Responses are parsed on the HTTP client's I/O thread; the plan is then applied on the task's
 * mailbox thread, so metrics and the result handler are only touched there.
 */
public final class ElasticsearchSinkWriter extends AsyncSinkWriter<Document, BulkItem> {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final SinkSettings settings;
    private final RestClient client;
    private final BulkRequestBody bulkBody;
    private final BulkPlanner planner;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService timeService;
    private final SinkMetrics metrics;
    private final Counter sendErrors;

    public ElasticsearchSinkWriter(
            ElementConverter<Document, BulkItem> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<BulkItem>> restoredState,
            SinkSettings settings) {
        super(
                converter,
                context,
                configuration,
                restoredState,
                new SimpleBatchCreator<>(configuration.getMaxBatchSizeInBytes()),
                new DequeRequestBuffer<>());
        this.settings = settings;
        this.bulkBody = new BulkRequestBody(settings.index(), settings.deadLetterIndex());
        this.planner =
                new BulkPlanner(
                        settings.index(),
                        settings.deadLetterIndex(),
                        settings.retryPolicy(),
                        settings.rejectedDocumentHandler(),
                        () -> ThreadLocalRandom.current().nextDouble(),
                        () -> System.nanoTime() / 1_000_000);
        this.mailbox = context.getMailboxExecutor();
        this.timeService = context.getProcessingTimeService();
        this.metrics = new SinkMetrics(context.metricGroup());
        this.sendErrors = context.metricGroup().getNumRecordsSendErrorsCounter();
        this.client = RestClientFactory.create(settings.connection());
        try {
            ClusterSetup.verifyConnection(client, settings.connection());
            if (settings.installTemplates()) {
                ClusterSetup.installTemplates(client, settings.index(), settings.deadLetterIndex());
            }
        } catch (RuntimeException e) {
            closeClient();
            throw e;
        }
    }

    @Override
    protected void submitRequestEntries(List<BulkItem> items, ResultHandler<BulkItem> resultHandler) {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", BulkResponseParser.FILTER_PATH);
        request.setEntity(new ByteArrayEntity(bulkBody.build(items), NDJSON));
        long startNanos = System.nanoTime();
        client.performRequestAsync(
                request,
                new ResponseListener() {
                    @Override
                    public void onSuccess(Response response) {
                        BulkPlan plan;
                        try {
                            plan = planner.forResponse(items, EntityUtils.toByteArray(response.getEntity()));
                        } catch (IOException e) {
                            plan = planner.forFailure(items, e);
                        }
                        handOver(plan, resultHandler, startNanos);
                    }

                    @Override
                    public void onFailure(Exception failure) {
                        handOver(planner.forFailure(items, failure), resultHandler, startNanos);
                    }
                });
    }

    private void handOver(BulkPlan plan, ResultHandler<BulkItem> resultHandler, long startNanos) {
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        try {
            mailbox.execute(() -> apply(plan, resultHandler, latencyMs), "Elasticsearch bulk response");
        } catch (RejectedExecutionException closing) {
            LOG.debug("Task is shutting down; dropping the result of an Elasticsearch bulk request.");
        }
    }

    private void apply(BulkPlan plan, ResultHandler<BulkItem> resultHandler, long latencyMs) {
        metrics.requestCompleted(latencyMs);
        metrics.documentsWritten.inc(plan.written());
        metrics.duplicates.inc(plan.duplicates());
        metrics.deadLettered.inc(plan.rejected().size());
        metrics.retries.inc(plan.retries().size());
        sendErrors.inc(plan.rejected().size() + plan.retries().size());
        for (RejectedDocument rejected : plan.rejected()) {
            LOG.warn("Elasticsearch rejected {}", rejected.describe());
        }
        if (plan.fatal() != null) {
            resultHandler.completeExceptionally(plan.fatal());
            return;
        }
        if (!plan.deadLetters().isEmpty()) {
            LOG.warn("Writing {} dead-letter documents to {}.", plan.deadLetters().size(), settings.deadLetterIndex());
        }
        List<BulkItem> requeue = plan.requeue();
        if (requeue.isEmpty()) {
            resultHandler.complete();
            return;
        }
        if (plan.retryDelayMillis() == 0) {
            resultHandler.retryForEntries(requeue);
            return;
        }
        LOG.warn(
                "Retrying {} documents in {} ms: {}",
                plan.retries().size(),
                plan.retryDelayMillis(),
                plan.retryCause());
        timeService.registerTimer(
                timeService.getCurrentProcessingTime() + plan.retryDelayMillis(),
                time -> resultHandler.retryForEntries(requeue));
    }

    @Override
    protected long getSizeInBytes(BulkItem item) {
        return item.sizeInBytes();
    }

    /**
     * Sends everything buffered, also at a checkpoint. Flink calls {@code flush(false)} before a
     * checkpoint, and {@link AsyncSinkWriter} then only waits for requests in flight and keeps the
     * rest of its buffer in the checkpoint (written after a restore). Flushing all means a
     * completed checkpoint has its documents in Elasticsearch and the sink's state stays empty.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        super.flush(true);
    }

    @Override
    public void close() {
        super.close();
        closeClient();
    }

    private void closeClient() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("Closing the Elasticsearch client failed: {}", e.toString());
        }
    }
}
