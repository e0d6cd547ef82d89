package io.threatstream.detect.rule;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.rule.eql.CompiledQuery;
import io.threatstream.detect.rule.eql.EqlException;
import io.threatstream.detect.rule.eql.EqlParser;
import io.threatstream.detect.rule.eql.QueryCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a rule (Elastic's TOML) and, optionally, its exception list, and compiles both. Any error
 * names the file and, for EQL errors, the {@code line:col} in that file.
 */
public final class RuleLoader {

    /** The built-in rule: Potential OpenSSH Backdoor Logging Activity, version 211. */
    public static final String DEFAULT_RULE_RESOURCE = "/rules/potential_openssh_backdoor_logging_activity.toml";

    /** Exceptions are conditions; they are parsed as {@code any where <condition>}. */
    private static final String EXCEPTION_PREFIX = "any where ";

    private RuleLoader() {}

    /**
     * @param rulePath the rule's TOML file, or null for the built-in rule
     * @param exceptionsPath the exception list's TOML file, or null for none
     */
    public static CompiledRule load(String rulePath, String exceptionsPath) {
        RuleDefinition rule =
                rulePath == null
                        ? RuleTomlReader.read(readResource(DEFAULT_RULE_RESOURCE), "built-in rule " + DEFAULT_RULE_RESOURCE)
                        : RuleTomlReader.read(readFile(rulePath, "--rule"), rulePath);
        List<ExceptionDefinition> exceptions =
                exceptionsPath == null
                        ? List.of()
                        : ExceptionListReader.read(readFile(exceptionsPath, "--rule.exceptions"), exceptionsPath);
        return compile(rule, exceptions, exceptionsPath);
    }

    /** Compiles a rule read elsewhere; {@code exceptionsSource} names the exceptions' file in messages. */
    public static CompiledRule compile(
            RuleDefinition rule, List<ExceptionDefinition> exceptions, String exceptionsSource) {
        FieldTable fields = new FieldTable();
        CompiledQuery query;
        try {
            query = QueryCompiler.compile(EqlParser.parse(rule.query()), fields);
        } catch (EqlException e) {
            throw positioned(rule.source(), rule.queryPosition(), e.line(), e.column(), e.reason(), e);
        }
        List<String> names = new ArrayList<>();
        List<CompiledQuery> compiled = new ArrayList<>();
        for (ExceptionDefinition exception : exceptions) {
            try {
                compiled.add(QueryCompiler.compile(EqlParser.parse(EXCEPTION_PREFIX + exception.condition()), fields));
            } catch (EqlException e) {
                int column = e.line() == 1 ? Math.max(1, e.column() - EXCEPTION_PREFIX.length()) : e.column();
                throw positioned(
                        exceptionsSource + ": exception \"" + exception.name() + "\"",
                        exception.conditionPosition(),
                        e.line(),
                        column,
                        e.reason(),
                        e);
            }
            names.add(exception.name());
        }
        return new CompiledRule(rule.metadata(), fields, query, names, compiled);
    }

    private static RuleLoadException positioned(
            String source, TextPosition start, int line, int column, String reason, EqlException cause) {
        return new RuleLoadException(source + ": " + start.locate(line, column) + ": " + reason, cause);
    }

    private static String readFile(String path, String option) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleLoadException("Option " + option + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String readResource(String name) {
        try (InputStream in = RuleLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("built-in rule " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in rule " + name, e);
        }
    }
}
