package io.threatstream.detect.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Timestamps in alert documents: ISO-8601 UTC with milliseconds, as Elasticsearch writes them. */
final class AlertTimes {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private AlertTimes() {}

    static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
