package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.ElasticsearchSinkException;
import io.threatstream.connectors.elasticsearch.RejectedDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * What to do after one bulk request: the counts for the metrics, the documents rejected for good,
 * the items to send again (retries, and the dead-letter documents that replace rejected ones), the
 * pause before sending retries, or the failure that ends the job.
 */
public final class BulkPlan {
    int written;
    int duplicates;
    final List<RejectedDocument> rejected = new ArrayList<>();
    final List<BulkItem> retries = new ArrayList<>();
    final List<BulkItem> deadLetters = new ArrayList<>();
    String retryCause;
    long retryDelayMillis;
    ElasticsearchSinkException fatal;

    BulkPlan() {}

    public int written() {
        return written;
    }

    public int duplicates() {
        return duplicates;
    }

    public List<RejectedDocument> rejected() {
        return rejected;
    }

    /** Items that failed retryably, each with one more failed attempt recorded. */
    public List<BulkItem> retries() {
        return retries;
    }

    /** Dead-letter documents to write in place of rejected ones. */
    public List<BulkItem> deadLetters() {
        return deadLetters;
    }

    /** Everything to put back into the sink's buffer: retries first, then dead letters. */
    public List<BulkItem> requeue() {
        List<BulkItem> all = new ArrayList<>(retries.size() + deadLetters.size());
        all.addAll(retries);
        all.addAll(deadLetters);
        return all;
    }

    /** Why the retries failed, for the log; null when there are none. */
    public String retryCause() {
        return retryCause;
    }

    /** The pause before the retries go out; 0 when there are none. */
    public long retryDelayMillis() {
        return retryDelayMillis;
    }

    /** The failure that ends the job, or null. */
    public ElasticsearchSinkException fatal() {
        return fatal;
    }
}
