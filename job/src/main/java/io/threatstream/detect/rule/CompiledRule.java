package io.threatstream.detect.rule;

import io.threatstream.detect.event.EventFields;
import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.rule.eql.CompiledQuery;
import java.io.Serializable;
import java.util.List;

/**
 * A rule ready to evaluate: its metadata, its compiled query and its compiled exceptions, all over
 * one {@link FieldTable} so that a single pass over an event reads what every part needs.
 */
public final class CompiledRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RuleMetadata metadata;
    private final FieldTable fields;
    private final CompiledQuery query;
    private final List<String> exceptionNames;
    private final List<CompiledQuery> exceptions;

    CompiledRule(
            RuleMetadata metadata,
            FieldTable fields,
            CompiledQuery query,
            List<String> exceptionNames,
            List<CompiledQuery> exceptions) {
        this.metadata = metadata;
        this.fields = fields;
        this.query = query;
        this.exceptionNames = List.copyOf(exceptionNames);
        this.exceptions = List.copyOf(exceptions);
    }

    public RuleMetadata metadata() {
        return metadata;
    }

    /** Every field the query and the exceptions read, by slot. */
    public FieldTable fields() {
        return fields;
    }

    public CompiledQuery query() {
        return query;
    }

    public int exceptionCount() {
        return exceptions.size();
    }

    public String exceptionName(int index) {
        return exceptionNames.get(index);
    }

    /** The index of the first exception the event satisfies, or -1. */
    public int firstMatchingException(EventFields event) {
        for (int i = 0; i < exceptions.size(); i++) {
            if (exceptions.get(i).matches(event)) {
                return i;
            }
        }
        return -1;
    }
}
