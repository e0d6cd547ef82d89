package io.threatstream.detect.rule;

import java.io.Serializable;

/**
 * Where an embedded text (a rule's query, an exception's condition) starts inside its file, so
 * that an error at {@code line:col} of the embedded text can be reported at its place in the file.
 *
 * @param line 1-based line in the file of the embedded text's first character
 * @param column 1-based column in the file of the embedded text's first character
 */
public record TextPosition(int line, int column) implements Serializable {

    /** The start of a file. */
    public static final TextPosition START = new TextPosition(1, 1);

    /** Maps a 1-based {@code line:col} inside the embedded text to its {@code line:col} in the file. */
    public TextPosition locate(int innerLine, int innerColumn) {
        return innerLine == 1
                ? new TextPosition(line, column + innerColumn - 1)
                : new TextPosition(line + innerLine - 1, innerColumn);
    }

    @Override
    public String toString() {
        return "line " + line + ":" + column;
    }
}
