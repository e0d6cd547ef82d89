package io.threatstream.detect.config;

import java.io.IOException;
import java.nio.file.Files;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.Description;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * Turns {@code --key value} arguments (and an optional {@code --config FILE} of {@code key: value}
 * lines) into a Flink {@link Configuration}, accepting only known options. Every option is read
 * once here, so a bad value fails at start with a message that names it.
 *
 * <p>Options that take a family of keys, such as {@code source.kafka.property.KEY}, are declared as
 * prefixes.
 */
public final class CommandLine {

    private final List<ConfigOption<?>> options;
    private final List<String> prefixes;
    private final Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();

    public CommandLine(List<ConfigOption<?>> options, List<String> prefixes) {
        this.options = List.copyOf(options);
        this.prefixes = List.copyOf(prefixes);
        for (ConfigOption<?> option : options) {
            byKey.put(option.key(), option);
            for (FallbackKey fallback : option.fallbackKeys()) {
                byKey.put(fallback.getKey(), option);
            }
        }
    }

    /** The {@code public static final ConfigOption} constants of an option holder class. */
    public static List<ConfigOption<?>> optionsDeclaredIn(Class<?> holder) {
        List<ConfigOption<?>> found = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    found.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read option " + field, e);
                }
            }
        }
        return found;
    }

    /** Whether the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code args}. Values on the command line win over those of {@code --config FILE}.
     *
     * @throws OptionsException for an unknown option, a missing value or a value of the wrong type
     */
    public Configuration parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> fromCommandLine = new LinkedHashMap<>();
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new OptionsException("Unexpected argument '" + arg + "': options are given as --key value");
            }
            String key = arg.substring(2);
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new OptionsException("Option --" + key + " needs a value");
            }
            String value = args[++i];
            if (key.equals("config")) {
                configFile = value;
            } else {
                fromCommandLine.put(checkKnown(key, "--" + key), value);
            }
        }
        if (configFile != null) {
            values.putAll(readConfigFile(Path.of(configFile)));
        }
        values.putAll(fromCommandLine);
        Configuration conf = new Configuration();
        values.forEach(conf::setString);
        for (ConfigOption<?> option : options) {
            validate(conf, option);
        }
        return conf;
    }

    /** Text for {@code --help}: every option with its default and description. */
    public String help(String usage) {
        StringBuilder out = new StringBuilder(usage).append("\n\nOptions:\n");
        for (ConfigOption<?> option : options) {
            out.append("  --").append(option.key());
            if (option.hasDefaultValue()) {
                out.append(" (default: ").append(printable(option.defaultValue())).append(')');
            }
            out.append("\n      ").append(plainText(option.description())).append('\n');
        }
        for (String prefix : prefixes) {
            out.append("  --").append(prefix).append("KEY VALUE\n");
        }
        out.append("  --config FILE\n      A file of 'key: value' lines; command-line options win.\n");
        return out.toString();
    }

    private String checkKnown(String key, String shownAs) {
        if (byKey.containsKey(key)) {
            return key;
        }
        for (String prefix : prefixes) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return key;
            }
        }
        throw new OptionsException("Unknown option " + shownAs + " (see --help)");
    }

    private Map<String, String> readConfigFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new OptionsException("Cannot read --config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new OptionsException(file + ": line " + (n + 1) + ": expected 'key: value'");
            }
            String key = line.substring(0, colon).strip();
            values.put(checkKnown(key, "'" + key + "' in " + file + " line " + (n + 1)), unquote(line.substring(colon + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static void validate(Configuration conf, ConfigOption<?> option) {
        try {
            conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new OptionsException(
                    "Invalid value '" + conf.toMap().get(option.key()) + "' for option --" + option.key() + ": "
                            + firstLine(rootCause(e).getMessage()));
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not a valid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Option descriptions are plain sentences; Flink only formats them as HTML. */
    private static String plainText(Description description) {
        return new HtmlFormatter()
                .format(description)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String printable(Object value) {
        if (value instanceof java.time.Duration) {
            return org.apache.flink.util.TimeUtils.formatWithHighestUnit((java.time.Duration) value);
        }
        return String.valueOf(value);
    }
}
