package io.threatstream.detect.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Objects;

/**
 * Parses a whole event into a Jackson tree, under the same {@link ParserLimits} and with the same
 * rejections as {@link FieldExtractor}, so a record the extractor accepted parses here too. Meant
 * for the few events that match, to build their alert.
 *
 * <p>The tree is plain Jackson: a key repeated in one object keeps its last value, floating-point
 * numbers are doubles (a number beyond double range becomes infinity), integers are exact. Read
 * fields with {@link EventDocument}, which applies the dotted-key rules.
 *
 * <p>Thread-safe.
 */
public final class EventDocumentParser {

    private final ParserLimits limits;
    private final ObjectMapper mapper;

    public EventDocumentParser(ParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.mapper = JsonMapper.builder(JsonRecords.newFactory(limits)).build();
    }

    /** {@link #parse(byte[], int, int)} over the whole array. */
    public ObjectNode parse(byte[] json) throws RecordRejectedException {
        return parse(json, 0, json.length);
    }

    /**
     * The record in {@code json[offset, offset + length)} as a tree.
     *
     * @throws RecordRejectedException if the record is not a well-formed JSON object within the
     *     limits; it carries the same {@link RecordRejection} {@link FieldExtractor} gives
     * @throws IndexOutOfBoundsException if the range is outside {@code json}
     */
    public ObjectNode parse(byte[] json, int offset, int length) throws RecordRejectedException {
        Objects.checkFromIndexSize(offset, length, json.length);
        RecordRejection rejection = JsonRecords.checkSize(length, limits);
        if (rejection != null) {
            throw new RecordRejectedException(rejection);
        }
        ObjectNode tree = null;
        JsonParser parser = null;
        try {
            int bom = JsonRecords.byteOrderMarkLength(json, offset, length);
            parser = mapper.createParser(json, offset + bom, length - bom);
            rejection = JsonRecords.checkRoot(parser.nextToken());
            if (rejection == null) {
                tree = mapper.readTree(parser);
                rejection = JsonRecords.checkEnd(parser);
            }
        } catch (IOException e) {
            rejection = JsonRecords.rejection(e, parser, limits);
        } finally {
            JsonRecords.closeQuietly(parser);
        }
        if (rejection != null) {
            throw new RecordRejectedException(rejection);
        }
        return tree;
    }
}
