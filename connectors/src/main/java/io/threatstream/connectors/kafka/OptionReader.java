package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads options from a Flink configuration and turns every bad value into an {@link
 * IllegalConfigurationException} that names the option, so a user knows what to fix.
 */
final class OptionReader {
    private final ReadableConfig conf;
    private final Map<String, String> raw;

    OptionReader(ReadableConfig conf) {
        this.conf = conf;
        this.raw = conf.toMap();
    }

    /** The option's value, or its default. */
    <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw invalid(option, e);
        }
    }

    /** The option's value if it was set; its default does not count. */
    <T> Optional<T> getOptional(ConfigOption<T> option) {
        try {
            return conf.getOptional(option);
        } catch (IllegalArgumentException e) {
            throw invalid(option, e);
        }
    }

    /** Whether the option was set at all (to any value). */
    boolean isSet(ConfigOption<?> option) {
        return raw.containsKey(option.key());
    }

    /** A string option's value (or default) unless blank, trimmed. */
    Optional<String> text(ConfigOption<String> option) {
        return Optional.ofNullable(get(option)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A string option's value, trimmed; blank counts as missing. */
    String required(ConfigOption<String> option, String missingMessage) {
        return text(option).orElseThrow(() -> new IllegalConfigurationException(missingMessage));
    }

    /** Every raw entry whose key starts with {@code prefix}, keyed by the rest, sorted. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        raw.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix) && key.length() > prefix.length()) {
                        found.put(key.substring(prefix.length()), value);
                    }
                });
        return found;
    }

    private IllegalConfigurationException invalid(ConfigOption<?> option, IllegalArgumentException e) {
        String value = raw.get(option.key());
        Object defaultValue = option.hasDefaultValue() ? option.defaultValue() : null;
        if (defaultValue instanceof Enum) {
            String allowed =
                    Arrays.stream(defaultValue.getClass().getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
            return new IllegalConfigurationException(
                    "Option '" + option.key() + "' must be one of " + allowed + ", not '" + value + "'");
        }
        Throwable reason = e.getCause() != null ? e.getCause() : e;
        return new IllegalConfigurationException(
                "Option '" + option.key() + "' has an invalid value '" + value + "': " + reason.getMessage(),
                e);
    }
}
