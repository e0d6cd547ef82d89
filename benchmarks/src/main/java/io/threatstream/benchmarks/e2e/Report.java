package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The run's results: Markdown tables for BENCHMARKS.md on standard output, and the raw figures as
 * JSON (one object per part) for the record.
 */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private record Table(String title, List<String> header, List<List<String>> rows, List<String> notes) {}

    private final List<Table> tables = new ArrayList<>();
    private final ObjectNode raw = JSON.createObjectNode();

    /** Starts a table; rows and notes go to the latest one. */
    void table(String title, String... header) {
        tables.add(new Table(title, List.of(header), new ArrayList<>(), new ArrayList<>()));
    }

    void row(Object... cells) {
        tables.get(tables.size() - 1).rows.add(Arrays.stream(cells).map(Report::cell).toList());
    }

    void note(String format, Object... args) {
        tables.get(tables.size() - 1).notes.add(String.format(Locale.ROOT, format, args));
    }

    /** The JSON object of one part, created on first use. */
    ObjectNode raw(String part) {
        return raw.has(part) ? (ObjectNode) raw.get(part) : raw.putObject(part);
    }

    void print(PrintStream out) {
        for (Table table : tables) {
            out.println();
            out.println("### " + table.title);
            out.println();
            out.println("| " + String.join(" | ", table.header) + " |");
            StringBuilder rule = new StringBuilder("|");
            for (int i = 0; i < table.header.size(); i++) {
                rule.append(i == 0 ? "---|" : "--:|");
            }
            out.println(rule);
            for (List<String> row : table.rows) {
                out.println("| " + String.join(" | ", row) + " |");
            }
            if (!table.notes.isEmpty()) {
                out.println();
                table.notes.forEach(note -> out.println("- " + note));
            }
        }
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), raw);
    }

    /** Whole numbers with thousands separators, fractions with as many digits as they deserve. */
    private static String cell(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Double d) {
            double abs = Math.abs(d);
            if (abs >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            if (abs >= 10) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return String.valueOf(value);
    }

    /** A share as a percentage cell, e.g. {@code 73.4 %}. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
