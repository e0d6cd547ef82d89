package io.threatstream.detect.pipeline;

import io.threatstream.detect.event.ExtractedFields;
import io.threatstream.detect.event.FieldExtractor;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.event.RecordRejection;
import io.threatstream.detect.rule.CompiledRule;

/**
 * Decides, from a record's raw bytes, whether a compiled rule matches. Reads only the fields the
 * rule and its exceptions need, in one streaming pass; no tree of the document is built.
 *
 * <p>Not thread-safe: it reuses one field buffer. Each parallel instance of the detect operator
 * owns one.
 */
public final class Detector {

    private final CompiledRule rule;
    private final FieldExtractor extractor;
    private final ExtractedFields fields;

    private RecordRejection rejection;
    private int exceptionIndex = -1;

    public Detector(CompiledRule rule, ParserLimits limits) {
        this.rule = rule;
        this.extractor = new FieldExtractor(rule.fields(), limits);
        this.fields = extractor.newFields();
    }

    public Verdict evaluate(byte[] record) {
        rejection = extractor.extract(record, fields);
        exceptionIndex = -1;
        if (rejection != null) {
            return Verdict.REJECTED;
        }
        if (!rule.query().matches(fields)) {
            return Verdict.NO_MATCH;
        }
        exceptionIndex = rule.firstMatchingException(fields);
        return exceptionIndex < 0 ? Verdict.MATCH : Verdict.EXCEPTED;
    }

    /** Why the last record was {@link Verdict#REJECTED}; null otherwise. */
    public RecordRejection rejection() {
        return rejection;
    }

    /** Index of the exception that dropped the last record ({@link Verdict#EXCEPTED}); -1 otherwise. */
    public int exceptionIndex() {
        return exceptionIndex;
    }
}
