package io.threatstream.connectors.file;

import java.io.IOException;

/** Encodes an element with a {@link LineEncoder} and checks that the result is one line. */
final class EncodedLines {
    private EncodedLines() {}

    static <T> byte[] encode(LineEncoder<T> encoder, T element) throws IOException {
        byte[] line;
        try {
            line = encoder.encode(element);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot encode " + describe(element) + " as a line: " + e, e);
        }
        if (line == null) {
            throw new IOException("Line encoder returned null for " + describe(element));
        }
        for (int i = 0; i < line.length; i++) {
            if (line[i] == '\n') {
                throw new IOException(
                        "Encoded "
                                + describe(element)
                                + " contains a line feed at byte "
                                + i
                                + "; a line sink writes exactly one line per element");
            }
        }
        return line;
    }

    private static String describe(Object element) {
        return element == null ? "null element" : "element of " + element.getClass().getName();
    }
}
