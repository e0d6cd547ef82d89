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
    private final List<RequiredText> requiredTexts;

    CompiledQuery(EventPredicate predicate, List<String> fields, String description, List<RequiredText> requiredTexts) {
        this.predicate = predicate;
        this.fields = List.copyOf(fields);
        this.description = description;
        this.requiredTexts = List.copyOf(requiredTexts);
    }

    /** Whether the event matches the query. */
    public boolean matches(EventFields event) {
        return predicate.matches(event);
    }

    /** The dotted paths of the fields the query reads, in order of first use, without duplicates. */
    public List<String> fields() {
        return fields;
    }

    /**
     * Texts every matching event contains in some field value, one of each requirement's
     * alternatives (see {@link RequiredTexts} for how they are derived and which are kept); empty
     * when the query implies none worth checking.
     */
    public List<RequiredText> requiredTexts() {
        return requiredTexts;
    }

    /** The query in canonical form (see {@link io.threatstream.detect.rule.eql.ast.AstPrinter}). */
    @Override
    public String toString() {
        return description;
    }
}
