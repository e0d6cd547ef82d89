package io.threatstream.detect.alert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids ({@code _id} = {@code kibana.alert.uuid}): 64 hex digits of a SHA-256.
 *
 * <p>An alert's identity is the rule id plus the SHA-256 of the event's raw bytes. The bytes are
 * the one identity every source agrees on: a Kafka replay, a restart from a checkpoint and a file
 * export of the same events all yield the same id, so bulk {@code create} writes each alert once.
 * Source coordinates would differ between Kafka and a file replay, and {@code event.id} is optional
 * and not guaranteed unique. The rule version is left out on purpose: a rule update must not
 * duplicate alerts for events that were already alerted. Two byte-identical events give one alert,
 * which is acceptable: identical bytes are the same event.
 *
 * <p>A suppression summary's identity is the rule id, host key and window start. Each input is
 * length-prefixed and each kind of id has its own prefix, so no two different inputs share a digest
 * input.
 */
public final class AlertIds {

    private static final byte[] MATCH_DOMAIN =
            "threatstream/alert/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUMMARY_DOMAIN =
            "threatstream/suppression-summary/v1".getBytes(StandardCharsets.UTF_8);

    private AlertIds() {}

    /** The id of the alert for {@code event} (its raw bytes) matched by rule {@code ruleId}. */
    public static String forMatch(String ruleId, byte[] event) {
        MessageDigest digest = sha256();
        update(digest, MATCH_DOMAIN);
        update(digest, ruleId.getBytes(StandardCharsets.UTF_8));
        update(digest, event);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The id of the suppression summary of {@code hostKey}'s window starting at {@code
     * windowStart}.
     */
    public static String forSummary(String ruleId, String hostKey, long windowStart) {
        MessageDigest digest = sha256();
        update(digest, SUMMARY_DOMAIN);
        update(digest, ruleId.getBytes(StandardCharsets.UTF_8));
        update(digest, hostKey.getBytes(StandardCharsets.UTF_8));
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(windowStart).array());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, byte[] part) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(part.length).array());
        digest.update(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
