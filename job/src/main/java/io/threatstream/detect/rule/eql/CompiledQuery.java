package io.threatstream.detect.rule.eql;

import io.threatstream.detect.event.EventFields;
import java.io.Serializable;
import java.util.List;

/**
 * A single-event EQL query compiled against a {@link io.threatstream.detect.event.FieldTable}: a
 * serializable predicate over the event's field values. Matching allocates nothing for the
 * comparison, list, wildcard and string-function tests; see {@link QueryCompiler} for the
 * semantics. Instances are immutable and may be shared between threads.
 */
public final class CompiledQuery implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EventPredicate predicate;
    private final List<String> fields;
    private final String description;

    CompiledQuery(EventPredicate predicate, List<String> fields, String description) {
        this.predicate = predicate;
        this.fields = List.copyOf(fields);
        this.description = description;
    }

    /** Whether the event matches the query. */
    public boolean matches(EventFields event) {
        return predicate.matches(event);
    }

    /** The dotted paths of the fields the query reads, in order of first use, without duplicates. */
    public List<String> fields() {
        return fields;
    }

    /** The query in canonical form (see {@link io.threatstream.detect.rule.eql.ast.AstPrinter}). */
    @Override
    public String toString() {
        return description;
    }
}
