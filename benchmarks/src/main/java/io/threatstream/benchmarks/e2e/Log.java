package io.threatstream.benchmarks.e2e;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines on standard error, time-stamped; the results go to standard output. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private Log() {}

    static void info(String format, Object... args) {
        System.err.println(LocalTime.now().format(TIME) + " " + String.format(Locale.ROOT, format, args));
    }
}
