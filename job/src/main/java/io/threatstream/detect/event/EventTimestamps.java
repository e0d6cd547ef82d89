package io.threatstream.detect.event;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads ECS timestamps ({@code @timestamp}, {@code event.ingested}) as Elasticsearch's default date
 * format for them does ({@code strict_date_optional_time||epoch_millis}).
 */
public final class EventTimestamps {

    /**
     * {@code yyyy[-MM[-dd]]} (years of 4 to 9 digits, a sign allowed), optionally {@code
     * 'T'HH[:mm[:ss[.fraction]]]}, optionally a zone ({@code Z}, {@code +02:00} or {@code +0200});
     * no zone means UTC.
     */
    private static final DateTimeFormatter ISO_OPTIONAL_TIME =
            new DateTimeFormatterBuilder()
                    .appendValue(YEAR, 4, 9, SignStyle.EXCEEDS_PAD)
                    .optionalStart()
                    .appendLiteral('-')
                    .appendValue(MONTH_OF_YEAR, 2)
                    .optionalStart()
                    .appendLiteral('-')
                    .appendValue(DAY_OF_MONTH, 2)
                    .optionalEnd()
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('T')
                    .appendValue(HOUR_OF_DAY, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(MINUTE_OF_HOUR, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(SECOND_OF_MINUTE, 2)
                    .optionalStart()
                    .appendFraction(NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .optionalEnd()
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HH:MM", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .optionalEnd()
                    .parseDefaulting(MONTH_OF_YEAR, 1)
                    .parseDefaulting(DAY_OF_MONTH, 1)
                    .parseDefaulting(HOUR_OF_DAY, 0)
                    .parseDefaulting(MINUTE_OF_HOUR, 0)
                    .parseDefaulting(SECOND_OF_MINUTE, 0)
                    .parseDefaulting(NANO_OF_SECOND, 0)
                    .toFormatter(Locale.ROOT)
                    .withChronology(IsoChronology.INSTANCE)
                    .withResolverStyle(ResolverStyle.STRICT);

    /** Longest epoch-millis text: a sign and the 19 digits of {@link Long#MAX_VALUE}. */
    private static final int MAX_EPOCH_CHARS = 20;

    private EventTimestamps() {}

    /**
     * Milliseconds since the epoch for {@code text}: an ISO-8601 date (at least the year) with
     * optional time, fraction (truncated to milliseconds) and zone, e.g. {@code
     * 2026-11-29T01:02:03.456Z} or {@code 2026-11-29T01:02:03.123456789+02:00}; or an integer
     * number of epoch milliseconds, e.g. {@code 1795914123456}.
     *
     * @return empty when {@code text} is none of these or out of range
     */
    public static OptionalLong toEpochMillis(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        // The date format first, as Elasticsearch tries it: "2026" and "-1000" are years.
        try {
            TemporalAccessor parsed = ISO_OPTIONAL_TIME.parse(text);
            ZoneOffset offset = parsed.query(TemporalQueries.offset());
            LocalDateTime local =
                    LocalDateTime.of(
                            parsed.query(TemporalQueries.localDate()),
                            parsed.query(TemporalQueries.localTime()));
            return OptionalLong.of(
                    local.toInstant(offset == null ? ZoneOffset.UTC : offset).toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            // Not a date (or beyond the epoch-millis range): maybe epoch millis.
        }
        if (isEpochMillis(text)) {
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                // Beyond the range of a long.
            }
        }
        return OptionalLong.empty();
    }

    private static boolean isEpochMillis(String text) {
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (text.length() == start || text.length() > MAX_EPOCH_CHARS) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
