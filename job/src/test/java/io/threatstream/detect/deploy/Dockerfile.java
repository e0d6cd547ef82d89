package io.threatstream.detect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code deploy/Dockerfile} builds on and where it puts the job's jar: its {@code FROM} image
 * and its one {@code COPY}, with {@code ARG} defaults substituted.
 */
record Dockerfile(String baseImage, String copySource, String copyTarget) {

    private static final Pattern ARG = Pattern.compile("ARG\\s+(\\w+)=(\\S+)");
    private static final Pattern FROM = Pattern.compile("FROM\\s+(\\S+)");
    private static final Pattern COPY = Pattern.compile("COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> args = new HashMap<>();
        String from = null;
        String source = null;
        String target = null;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher m;
            if ((m = ARG.matcher(line)).matches()) {
                args.put(m.group(1), m.group(2));
            } else if ((m = FROM.matcher(line)).matches()) {
                from = m.group(1);
            } else if ((m = COPY.matcher(line)).matches()) {
                if (source != null) {
                    throw new AssertionError(file + ": more than one COPY; the test reads one");
                }
                source = substitute(m.group(1), args, file);
                target = substitute(m.group(2), args, file);
            }
        }
        if (from == null || source == null) {
            throw new AssertionError(file + ": expected a FROM and a COPY");
        }
        return new Dockerfile(from, source, target);
    }

    /** The Flink version of an official {@code flink:<version>-java<n>} base image. */
    String flinkVersion() {
        Matcher m = Pattern.compile("flink:(\\d+\\.\\d+\\.\\d+)-java\\d+(@sha256:\\w+)?").matcher(baseImage);
        if (!m.matches()) {
            throw new AssertionError("base image " + baseImage + " is not an official flink:<version>-java<n> image");
        }
        return m.group(1);
    }

    private static String substitute(String text, Map<String, String> args, Path file) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(name);
            if (value == null) {
                throw new AssertionError(file + ": $" + name + " has no ARG default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
