package io.threatstream.connectors.elasticsearch.internal;

import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole-request failures, with bodies as Elasticsearch 8.19 sends them. */
class RequestFailureTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedBulkRequestIsFatalWithTheServersReason() {
        RequestFailure failure = RequestFailure.ofStatus(400, utf8(
                "{\"error\":{\"root_cause\":[{\"type\":\"illegal_argument_exception\",\"reason\":\"Malformed action/metadata line [3], expected field [create], [delete], [index] or [update] but found [crate]\"}],"
                        + "\"type\":\"illegal_argument_exception\",\"reason\":\"Malformed action/metadata line [3], expected field [create], [delete], [index] or [update] but found [crate]\"},\"status\":400}"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.description())
                .isEqualTo("HTTP 400 illegal_argument_exception: Malformed action/metadata line [3], expected field [create], [delete], [index] or [update] but found [crate]");
    }

    @Test
    void authenticationFailureIsFatalWithAHint() {
        RequestFailure failure = RequestFailure.ofStatus(401, utf8(
                "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [elastic] for REST request [/_bulk]\"}],"
                        + "\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [elastic] for REST request [/_bulk]\"},\"status\":401}"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.description())
                .startsWith("HTTP 401 security_exception: unable to authenticate user [elastic]")
                .contains("check the API key or the username and password");
    }

    @Test
    void forbiddenNamesThePrivilege() {
        RequestFailure failure = RequestFailure.ofStatus(403, utf8("{\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:data/write/bulk[s]] is unauthorized\"},\"status\":403}"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.description()).contains("create_doc and auto_configure").contains("manage_index_templates");
    }

    @Test
    void serverErrorsAndOverloadAreRetried() {
        assertThat(RequestFailure.ofStatus(500, utf8("{\"error\":{\"type\":\"null_pointer_exception\",\"reason\":null},\"status\":500}")).retryable()).isTrue();
        assertThat(RequestFailure.ofStatus(503, utf8("{\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];\"},\"status\":503}")).retryable()).isTrue();
        assertThat(RequestFailure.ofStatus(429, utf8("{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected execution\"},\"status\":429}")).retryable()).isTrue();
    }

    @Test
    void nonJsonBodyIsQuotedShortened() {
        RequestFailure failure = RequestFailure.ofStatus(502, utf8("<html>" + "x".repeat(1000) + "</html>"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.description()).startsWith("HTTP 502 <html>xxx").endsWith("...").hasSizeLessThan(530);
    }

    @Test
    void errorGivenAsAPlainStringIsShown() {
        RequestFailure failure = RequestFailure.ofStatus(405, utf8("{\"error\":\"Incorrect HTTP method for uri [/_bulk] and method [GET], allowed: [POST, PUT]\",\"status\":405}"));

        assertThat(failure.description()).isEqualTo("HTTP 405 error: Incorrect HTTP method for uri [/_bulk] and method [GET], allowed: [POST, PUT]");
    }

    @Test
    void timeoutIsRetried() {
        RequestFailure failure = RequestFailure.of(new SocketTimeoutException("60,000 milliseconds timeout on connection"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.status()).isZero();
    }

    @Test
    void unexpectedExceptionIsFatal() {
        assertThat(RequestFailure.of(new IllegalStateException("I/O reactor stopped")).retryable()).isFalse();
    }
}
