package io.threatstream.detect.pipeline;

import io.threatstream.detect.event.ExtractedFields;
import io.threatstream.detect.event.FieldExtractor;
import io.threatstream.detect.event.JsonSyntaxCheck;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.event.RecordRejection;
import io.threatstream.detect.rule.CompiledRule;

/**
 * Decides, from a record's raw bytes, whether a compiled rule matches. Reads only the fields the
 * rule and its exceptions need, in one streaming pass; no tree of the document is built.
 *
 * <p>The fast path: most events cannot match because they lack a text the rule requires (the
 * seed rule needs {@code bin/ssh} in some value, in any case). For those, a byte search ({@link
 * RequiredTextFilter}) and a byte-level well-formedness check ({@link JsonSyntaxCheck}) replace
 * the field extraction, and the verdict is {@link Verdict#NO_MATCH}. Whenever that shortcut cannot
 * be proven to give the same verdict as the full path, the full path decides:
 *
 * <ul>
 *   <li>a required text is present: the record may match;
 *   <li>the check does not prove the record well-formed: the extractor rejects it with its exact
 *       reason (or, where the check is merely stricter than Jackson, accepts it);
 *   <li>an escape in a value produced a character of a required text (<code>&#92;u0073sh</code>,
 *       {@code \/}): the text may be in a value without being in the bytes.
 * </ul>
 *
 * So every verdict, and every rejection reason, is the one the full path gives; malformed records
 * are still rejected, never skipped. That is {@link Prefilter#VALIDATING}, the default; {@link
 * Prefilter#TRUSTING} trades it for speed (see there).
 *
 * <p>Not thread-safe: it reuses one field buffer. Each parallel instance of the detect operator
 * owns one.
 */
public final class Detector {

    /** How the detector treats records that lack a text the rule requires. */
    public enum Prefilter {
        /** No pre-filter: every record goes through the field extractor. */
        OFF,
        /**
         * Such records are checked for well-formedness at the byte level and are non-matches when
         * well-formed; otherwise the extractor decides (and rejects the malformed ones). The same
         * results as {@link #OFF}.
         */
        VALIDATING,
        /**
         * Such records are non-matches without a well-formedness check when they hold no backslash
         * (so no escape can hide a required text), several times faster again. A malformed record
         * that lacks the texts is then counted as a non-match instead of being rejected and
         * dead-lettered: it could not have matched, but nobody learns it was broken. Records with a
         * backslash are checked as with {@link #VALIDATING}, and records that have the texts are
         * read and checked as always.
         */
        TRUSTING
    }

    /**
     * The cost model that decides which required texts are searched for on every record: a search
     * costs S ns where the text is absent (the scanner's {@link ByteScanner#absentSearchNanos()}),
     * about half that where present; the extraction and evaluation it spares cost E = 950 ns on a
     * 950-byte event, the check that replaces them V = 550 ns (0 when trusting). A search that
     * rejects a share p of the records pays when p(E - V - S/2) > S/2.
     */
    private static final int EXTRACTION_NANOS = 950;
    private static final int CHECK_NANOS = 550;

    static int minRejectedPercent(int searchNanos, boolean trusting) {
        int spared = EXTRACTION_NANOS - (trusting ? 0 : CHECK_NANOS) - searchNanos / 2;
        return (int) Math.ceil(100.0 * (searchNanos / 2) / spared);
    }

    private final CompiledRule rule;
    private final FieldExtractor extractor;
    private final ExtractedFields fields;
    private final ByteScanner scanner;
    private final RequiredTextFilter filter;
    private final JsonSyntaxCheck syntax;
    private final boolean trusting;

    private RecordRejection rejection;
    private int exceptionIndex = -1;
    private boolean prefiltered;

    /** A detector with the {@link Prefilter#VALIDATING} fast path. */
    public Detector(CompiledRule rule, ParserLimits limits) {
        this(rule, limits, Prefilter.VALIDATING);
    }

    /** The detector with the fastest {@link ByteScanner} this JVM supports. */
    public Detector(CompiledRule rule, ParserLimits limits, Prefilter prefilter) {
        this(rule, limits, prefilter, ByteScanner.best());
    }

    Detector(CompiledRule rule, ParserLimits limits, Prefilter prefilter, ByteScanner scanner) {
        this.rule = rule;
        this.extractor = new FieldExtractor(rule.fields(), limits);
        this.fields = extractor.newFields();
        this.trusting = prefilter == Prefilter.TRUSTING;
        this.scanner = scanner;
        this.filter = prefilter == Prefilter.OFF
                ? null
                : RequiredTextFilter.of(rule.query().requiredTexts(), scanner,
                        minRejectedPercent(scanner.absentSearchNanos(), trusting));
        this.syntax = filter == null ? null : new JsonSyntaxCheck(limits, filter.watchedCharacters());
    }

    public Verdict evaluate(byte[] record) {
        exceptionIndex = -1;
        prefiltered = filter != null
                && !filter.mayMatch(record, 0, record.length)
                && (trusting && !scanner.containsBackslash(record, 0, record.length)
                        || syntax.check(record, 0, record.length) == JsonSyntaxCheck.WELL_FORMED);
        if (prefiltered) {
            rejection = null;
            return Verdict.NO_MATCH;
        }
        rejection = extractor.extract(record, fields);
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

    /** How this detector searches bytes: for the operator's log. */
    public String byteSearch() {
        return scanner.toString();
    }

    /** Whether the last record was decided by the fast path, without extracting its fields. */
    public boolean prefiltered() {
        return prefiltered;
    }

    /** Index of the exception that dropped the last record ({@link Verdict#EXCEPTED}); -1 otherwise. */
    public int exceptionIndex() {
        return exceptionIndex;
    }
}
