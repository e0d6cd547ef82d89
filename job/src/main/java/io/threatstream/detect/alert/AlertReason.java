package io.threatstream.detect.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.detect.limit.SuppressionSummary;
import io.threatstream.detect.rule.RuleMetadata;
import java.util.List;

/**
 * The {@code kibana.alert.reason} sentence. For a match it follows the shape of Elastic's detection
 * alerts, e.g. {@code file event with process sshd, file .ilog, by root on web-01 created low alert
 * Potential OpenSSH Backdoor Logging Activity.}; each piece is left out when its field is missing,
 * and {@code with} only appears when at least one of process, parent process, file, source or
 * destination is known. Multi-valued fields are joined with {@code ", "}; a lone {@code "-"} counts
 * as missing, as placeholders in some sources use it.
 */
final class AlertReason {

    private AlertReason() {}

    static String forMatch(JsonNode event, RuleMetadata rule) {
        StringBuilder reason = new StringBuilder();
        String category = field(event, "event.category");
        if (category != null) {
            reason.append(category).append(' ');
        }
        reason.append("event");

        StringBuilder details = new StringBuilder();
        appendDetail(details, "process", field(event, "process.name"));
        appendDetail(details, "parent process", field(event, "process.parent.name"));
        appendDetail(details, "file", field(event, "file.name"));
        appendDetail(details, "source", endpoint(event, "source"));
        appendDetail(details, "destination", endpoint(event, "destination"));
        if (details.length() > 0) {
            reason.append(" with").append(details);
        }

        String user = field(event, "user.name");
        if (user != null) {
            reason.append(" by ").append(user);
        }
        String host = field(event, "host.name");
        if (host != null) {
            reason.append(" on ").append(host);
        }
        return reason.append(" created ")
                .append(rule.severity())
                .append(" alert ")
                .append(rule.name())
                .append('.')
                .toString();
    }

    static String forSummary(SuppressionSummary summary, RuleMetadata rule) {
        return summary.suppressedCount
                + (summary.suppressedCount == 1 ? " further alert of " : " further alerts of ")
                + rule.name()
                + " suppressed for host "
                + summary.hostKey
                + " between "
                + AlertTimes.format(summary.windowStart)
                + " and "
                + AlertTimes.format(summary.windowEnd)
                + ".";
    }

    private static void appendDetail(StringBuilder details, String label, String value) {
        if (value != null) {
            details.append(' ').append(label).append(' ').append(value).append(',');
        }
    }

    /** {@code ip:port}, or just the ip; a port without an address says too little to show. */
    private static String endpoint(JsonNode event, String prefix) {
        String ip = field(event, prefix + ".ip");
        if (ip == null) {
            return null;
        }
        String port = field(event, prefix + ".port");
        return port == null ? ip : ip + ":" + port;
    }

    private static String field(JsonNode event, String path) {
        List<String> values = EventFieldValues.of(event, path);
        if (values.isEmpty() || (values.size() == 1 && values.get(0).equals("-"))) {
            return null;
        }
        return String.join(", ", values);
    }
}
