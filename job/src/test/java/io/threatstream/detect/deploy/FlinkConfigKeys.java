package io.threatstream.detect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;

/**
 * Flink's own configuration options, as declared in {@code org.apache.flink.configuration} of
 * the Flink version the job builds against, to check the keys a manifest's
 * {@code flinkConfiguration} sets: known, not deprecated, and with a value Flink can read.
 *
 * <p>Keys that belong to modules outside flink-core (the operator, the autoscaler, native
 * Kubernetes, metric reporters, file system plugins) are recognised by prefix only.
 */
final class FlinkConfigKeys {

    /** Families of keys read outside flink-core, which the job does not have on its classpath. */
    static final List<String> EXTERNAL_PREFIXES =
            List.of("kubernetes.", "job.autoscaler.", "metrics.reporter.", "s3.");

    private final Map<String, ConfigOption<?>> current = new HashMap<>();
    /** Deprecated keys, with what to say about them. */
    private final Map<String, String> deprecated = new HashMap<>();

    private FlinkConfigKeys() {}

    static FlinkConfigKeys discover() {
        FlinkConfigKeys keys = new FlinkConfigKeys();
        try (JarFile jar = new JarFile(jarOf(CoreOptions.class).toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.matches("org/apache/flink/configuration/[A-Za-z]+\\.class")) {
                    keys.addHolder(Class.forName(name.replace('/', '.').replace(".class", ""), false, FlinkConfigKeys.class.getClassLoader()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /**
     * What is wrong with {@code key: value} in a {@code flinkConfiguration}, if anything: an
     * unknown key, a deprecated one, or a value of the wrong type.
     */
    Optional<String> problem(String key, String value) {
        if (EXTERNAL_PREFIXES.stream().anyMatch(key::startsWith)) {
            return Optional.empty();
        }
        ConfigOption<?> option = current.get(key);
        if (option == null) {
            // A key another holder still declares (an option that moved) is current, not deprecated.
            return Optional.of(deprecated.getOrDefault(key, key + " is not a Flink configuration option"));
        }
        Configuration conf = new Configuration();
        conf.setString(key, value);
        try {
            conf.get(option);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(key + ": '" + value + "' is not a valid value: " + e.getMessage());
        }
    }

    private void addHolder(Class<?> holder) {
        for (Field field : holder.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.isAssignableFrom(field.getType())) {
                continue;
            }
            ConfigOption<?> option = read(field);
            if (holder.isAnnotationPresent(Deprecated.class) || field.isAnnotationPresent(Deprecated.class)) {
                deprecated.putIfAbsent(
                        option.key(), option.key() + " is deprecated in Flink (" + holder.getSimpleName() + "." + field.getName() + ")");
                continue;
            }
            current.put(option.key(), option);
            for (FallbackKey fallback : option.fallbackKeys()) {
                if (fallback.isDeprecated()) {
                    deprecated.put(fallback.getKey(), fallback.getKey() + " is deprecated in Flink; use " + option.key());
                }
            }
        }
    }

    private static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
