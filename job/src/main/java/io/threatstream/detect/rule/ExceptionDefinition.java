package io.threatstream.detect.rule;

import java.io.Serializable;

/**
 * One rule exception as read from its file: a name for counting and an EQL condition over the
 * same event. A match that satisfies the condition is dropped.
 */
public record ExceptionDefinition(String name, String condition, TextPosition conditionPosition)
        implements Serializable {}
