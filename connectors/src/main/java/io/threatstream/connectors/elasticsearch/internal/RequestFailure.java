package io.threatstream.connectors.elasticsearch.internal;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.ResponseException;

import javax.net.ssl.SSLException;

import java.io.IOException;

/**
 * Why a whole request failed (no per-item results), and whether sending it again can help.
 * Retried: 429, 408 and 5xx answers and I/O errors (connection refused or reset, timeouts; the
 * client has already tried the other hosts). Not retried: TLS failures (an untrusted or mismatched
 * certificate will not fix itself), 401/403 (credentials), any other 4xx (the request itself is
 * wrong) and anything unexpected.
 *
 * @param retryable whether sending the same request again can succeed
 * @param status the HTTP status, or 0 when there was no answer
 * @param description what happened, with a hint where one helps; never contains secrets
 */
public record RequestFailure(boolean retryable, int status, String description) {

    public static RequestFailure of(Exception failure) {
        if (failure instanceof ResponseException) {
            return ofResponse((ResponseException) failure);
        }
        Throwable tls = causeOfType(failure, SSLException.class);
        if (tls != null) {
            return new RequestFailure(
                    false,
                    0,
                    "TLS failure: "
                            + tls.getMessage()
                            + " (is sink.elasticsearch.ca-cert the CA that signed the server's"
                            + " certificate, and is the host name in that certificate?)");
        }
        if (causeOfType(failure, IOException.class) != null) {
            return new RequestFailure(
                    true, 0, "I/O error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
        return new RequestFailure(false, 0, "unexpected failure: " + failure);
    }

    private static RequestFailure ofResponse(ResponseException failure) {
        int status = failure.getResponse().getStatusLine().getStatusCode();
        byte[] body = null;
        try {
            if (failure.getResponse().getEntity() != null) {
                body = EntityUtils.toByteArray(failure.getResponse().getEntity());
            }
        } catch (IOException unreadable) {
            // the status alone must do
        }
        return ofStatus(status, body);
    }

    /** A request Elasticsearch answered with this non-2xx status and body. */
    public static RequestFailure ofStatus(int status, byte[] body) {
        String description = "HTTP " + status + " " + ElasticsearchError.describeBody(body) + hint(status);
        boolean retryable = status == 429 || status == 408 || status >= 500;
        return new RequestFailure(retryable, status, description);
    }

    /** What to check after this status, starting with a space; empty when there is nothing to add. */
    static String hint(int status) {
        switch (status) {
            case 401:
                return " (Elasticsearch did not accept the credentials: check the API key or"
                        + " the username and password)";
            case 403:
                return " (the credentials lack a privilege: writing needs the index privileges"
                        + " create_doc and auto_configure on the index and the dead-letter index,"
                        + " install-template needs the cluster privilege manage_index_templates)";
            case 413:
                return " (the request is too large for the cluster: lower"
                        + " sink.elasticsearch.bulk.max-bytes)";
            default:
                return "";
        }
    }

    private static Throwable causeOfType(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
