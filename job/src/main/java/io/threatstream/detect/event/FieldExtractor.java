package io.threatstream.detect.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads only the fields a rule needs from an event's JSON bytes, in one streaming pass and without
 * building a tree, while checking that the whole record is well-formed and within {@link
 * ParserLimits}.
 *
 * <pre>{@code
 * FieldExtractor extractor = new FieldExtractor(rule.fieldTable(), ParserLimits.defaults());
 * ExtractedFields fields = extractor.newFields();           // once per thread, reused
 * RecordRejection rejection = extractor.extract(bytes, 0, bytes.length, fields);
 * if (rejection == null) { ... evaluate the rule on fields ... } else { ... dead letter ... }
 * }</pre>
 *
 * <p>Fields follow Elasticsearch's view (see {@link EventFields}): {@code {"host.os.type":"x"}},
 * {@code {"host":{"os.type":"x"}}} and {@code {"host":{"os":{"type":"x"}}}} are all {@code
 * host.os.type}, and a record using several forms gives the field all their values in document
 * order; arrays, nested arrays and arrays of objects are flattened; nulls are dropped; numbers keep
 * their JSON text ({@code 1.0} stays {@code 1.0}; huge numbers are never converted); keys are
 * compared after JSON decoding ({@code "file\u002ename"} is {@code file.name}). Keys on no wanted
 * path are skipped without decoding their values, but still checked for well-formedness.
 *
 * <p>Records are UTF-8 (a leading byte order mark is skipped); the encoding is never guessed.
 *
 * <p>A key repeated in one object gives the field the values of every occurrence, like a dotted key
 * and a nested object naming the same field. Elasticsearch would reject such a document ("Duplicate
 * field"), but checking costs 12-28% of the extraction time (measured with Jackson's {@code
 * STRICT_DUPLICATE_DETECTION} and with a leaner check of our own), too much for a case only broken
 * producers create; keeping all values never hides a match.
 *
 * <p>Most records are read straight from their bytes ({@link JsonBytesReader}, several times
 * faster); Jackson reads those that reader cannot vouch for: malformed ones (so every rejection
 * carries Jackson's reason), escaped keys and wanted values, strict-UTF-8 corner cases. Both give
 * the same values for every record the byte reader accepts.
 *
 * <p>Immutable and thread-safe; each thread needs its own {@link ExtractedFields}.
 */
public final class FieldExtractor {

    private final ParserLimits limits;
    private final JsonBytesReader bytesReader;
    private final JsonFactory factory;
    private final PathNode root;
    private final int slotCount;

    /** An extractor for the paths of {@code table} as they are now. */
    public FieldExtractor(FieldTable table, ParserLimits limits) {
        this(table.paths(), limits);
    }

    /**
     * An extractor for {@code paths}, path {@code i} in slot {@code i}.
     *
     * @throws IllegalArgumentException for an empty path or segment or a repeated path
     */
    public FieldExtractor(List<String> paths, ParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.root = PathNode.root(List.copyOf(paths));
        this.slotCount = paths.size();
        this.factory = JsonRecords.newFactory(limits);
        this.bytesReader = new JsonBytesReader(limits, "");
    }

    /** Number of slots, one per path. */
    public int slotCount() {
        return slotCount;
    }

    /** A holder sized for this extractor. */
    public ExtractedFields newFields() {
        return new ExtractedFields(slotCount);
    }

    /** {@link #extract(byte[], int, int, ExtractedFields)} over the whole array. */
    public RecordRejection extract(byte[] json, ExtractedFields out) {
        return extract(json, 0, json.length, out);
    }

    /**
     * Fills {@code out} with the wanted fields of the record in {@code json[offset, offset +
     * length)}. Never throws for any content of the record.
     *
     * @return null when the record is a well-formed JSON object within the limits ({@code out} then
     *     holds its fields), else why it was rejected ({@code out} is then empty)
     * @throws IndexOutOfBoundsException if the range is outside {@code json}
     * @throws IllegalArgumentException if {@code out} was not sized for this extractor
     */
    public RecordRejection extract(byte[] json, int offset, int length, ExtractedFields out) {
        checkArguments(json, offset, length, out);
        out.reset();
        if (bytesReader.read(json, offset, length, root, out) == JsonSyntaxCheck.WELL_FORMED) {
            return null;
        }
        return extractWithJackson(json, offset, length, out);
    }

    /**
     * {@link #extract(byte[], int, int, ExtractedFields)} by Jackson alone: what the byte-level
     * reader must agree with, and what decides whenever that reader cannot prove its answer.
     */
    RecordRejection extractWithJackson(byte[] json, int offset, int length, ExtractedFields out) {
        checkArguments(json, offset, length, out);
        out.reset();
        RecordRejection rejection = JsonRecords.checkSize(length, limits);
        if (rejection != null) {
            return rejection;
        }
        JsonParser parser = null;
        try {
            int bom = JsonRecords.byteOrderMarkLength(json, offset, length);
            parser = factory.createParser(json, offset + bom, length - bom);
            rejection = JsonRecords.checkRoot(parser.nextToken());
            if (rejection == null) {
                readObject(parser, root, out);
                rejection = JsonRecords.checkEnd(parser);
            }
        } catch (IOException e) {
            rejection = JsonRecords.rejection(e, parser, limits);
        } finally {
            JsonRecords.closeQuietly(parser);
        }
        if (rejection != null) {
            out.reset();
        }
        return rejection;
    }

    private void checkArguments(byte[] json, int offset, int length, ExtractedFields out) {
        Objects.checkFromIndexSize(offset, length, json.length);
        if (out.slotCount() != slotCount) {
            throw new IllegalArgumentException(
                    "fields holder has " + out.slotCount() + " slots, extractor " + slotCount);
        }
    }

    /** Reads the members of an object whose START_OBJECT is current, up to its END_OBJECT. */
    private static void readObject(JsonParser parser, PathNode node, ExtractedFields out)
            throws IOException {
        String name;
        while ((name = parser.nextFieldName()) != null) {
            PathNode target = node.next(name);
            JsonToken token = parser.nextToken();
            if (target == null) {
                // Tokenizes, and so checks, the skipped value without decoding its strings.
                parser.skipChildren();
            } else {
                readValue(parser, token, target, out);
            }
        }
    }

    private static void readValue(
            JsonParser parser, JsonToken token, PathNode node, ExtractedFields out)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            readNested(parser, node, out);
        } else if (token == JsonToken.START_ARRAY) {
            readArray(parser, node, out);
        } else if (node.slot >= 0) {
            addScalar(parser, token, node.slot, out);
        }
    }

    /**
     * Reads an array whose START_ARRAY is current, flattening nested arrays. Iterative, so array
     * nesting costs no stack; objects inside recurse only along wanted paths.
     */
    private static void readArray(JsonParser parser, PathNode node, ExtractedFields out)
            throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                // Only guards the loop: Jackson throws first at end-of-input inside an array.
                throw new JsonEOFException(parser, null, "Unexpected end-of-input in an array");
            } else if (token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.START_OBJECT) {
                readNested(parser, node, out);
            } else if (node.slot >= 0) {
                addScalar(parser, token, node.slot, out);
            }
        }
    }

    /** An object where the node's own field expects a scalar gives no value; its keys may match. */
    private static void readNested(JsonParser parser, PathNode node, ExtractedFields out)
            throws IOException {
        if (node.hasNext()) {
            readObject(parser, node, out);
        } else {
            parser.skipChildren();
        }
    }

    private static void addScalar(JsonParser parser, JsonToken token, int slot, ExtractedFields out)
            throws IOException {
        switch (token) {
            case VALUE_STRING:
                out.add(slot, parser.getText(), false);
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                out.add(slot, parser.getText(), true);
                break;
            case VALUE_TRUE:
                out.add(slot, "true", false);
                break;
            case VALUE_FALSE:
                out.add(slot, "false", false);
                break;
            default:
                // VALUE_NULL: null elements are dropped.
                break;
        }
    }
}
