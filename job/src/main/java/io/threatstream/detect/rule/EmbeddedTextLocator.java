package io.threatstream.detect.rule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where the value of a TOML key starts in the file's text. The TOML parser gives us the
 * value, not its position; this gives the position so that EQL errors point into the file.
 *
 * <p>Exact for literal strings ({@code '...'} and {@code '''...'''}), which is how Elastic writes
 * queries; inside basic strings an escape sequence before the error shifts the column a little.
 */
final class EmbeddedTextLocator {

    private EmbeddedTextLocator() {}

    /**
     * The position of the first character of the {@code occurrence}-th (0-based) string value of
     * {@code key}, or {@link TextPosition#START} when it cannot be found.
     */
    static TextPosition locate(String fileText, String key, int occurrence) {
        Pattern assignment =
                Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(key) + "[ \\t]*=[ \\t]*('''|\"\"\"|'|\")");
        Matcher m = assignment.matcher(fileText);
        for (int i = 0; i <= occurrence; i++) {
            if (!m.find()) {
                return TextPosition.START;
            }
        }
        int start = m.end();
        boolean multiline = m.group(1).length() == 3;
        // TOML trims a newline that immediately follows the opening delimiter of a multi-line string.
        if (multiline && fileText.startsWith("\r\n", start)) {
            start += 2;
        } else if (multiline && fileText.startsWith("\n", start)) {
            start += 1;
        }
        return positionOf(fileText, start);
    }

    private static TextPosition positionOf(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new TextPosition(line, offset - lineStart + 1);
    }
}
