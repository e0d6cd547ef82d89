package io.threatstream.detect.rule;

import java.io.Serializable;

/**
 * A rule as read from its file, before compilation: its metadata, its EQL query text and where
 * that text starts in the file.
 *
 * @param source the file the rule came from (for messages)
 */
public record RuleDefinition(RuleMetadata metadata, String query, TextPosition queryPosition, String source)
        implements Serializable {}
