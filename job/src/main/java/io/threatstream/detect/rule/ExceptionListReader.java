package io.threatstream.detect.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a rule's exception list: a TOML file of {@code [[exception]]} tables, each with a unique
 * {@code name} and an EQL {@code condition} (no category, no {@code where}):
 *
 * <pre>{@code
 * [[exception]]
 * name = "Package manager updates"
 * condition = '''process.parent.name in ("dpkg", "apt", "yum", "rpm")'''
 * }</pre>
 */
public final class ExceptionListReader {

    private ExceptionListReader() {}

    /** @throws RuleLoadException naming {@code source} and what is wrong */
    public static List<ExceptionDefinition> read(String text, String source) {
        JsonNode root = RuleTomlReader.parseToml(text, source);
        JsonNode list = root.path("exception");
        if (!list.isArray() || list.isEmpty()) {
            throw new RuleLoadException(source + ": expected one or more [[exception]] tables");
        }
        List<ExceptionDefinition> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode entry : list) {
            String where = source + ": exception #" + (result.size() + 1);
            String name = text(entry, "name", where);
            if (!names.add(name)) {
                throw new RuleLoadException(where + ": duplicate exception name \"" + name + "\"");
            }
            String condition = text(entry, "condition", where);
            result.add(
                    new ExceptionDefinition(
                            name, condition, EmbeddedTextLocator.locate(text, "condition", result.size())));
        }
        return List.copyOf(result);
    }

    private static String text(JsonNode entry, String key, String where) {
        JsonNode v = entry.get(key);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new RuleLoadException(where + ": '" + key + "' must be a non-empty string");
        }
        return v.textValue();
    }
}
