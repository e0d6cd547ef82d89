package io.threatstream.detect.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole JSON document as a plain tree, for the reference evaluator. Unlike Jackson's {@code
 * JsonNode} it keeps what the rule semantics depend on: a number's text exactly as written ({@code
 * 1.0}, {@code 1e3}, {@code -0}) and every member of an object, repeated keys included.
 */
sealed interface JsonTree {

    /** An object's members in document order; a key may repeat. */
    record JsonObject(List<Member> members) implements JsonTree {}

    record Member(String key, JsonTree value) {}

    record JsonArray(List<JsonTree> elements) implements JsonTree {}

    /** A string, number or boolean as the text rules compare: numbers as written, booleans as true/false. */
    record JsonScalar(String text, boolean number) implements JsonTree {}

    record JsonNull() implements JsonTree {}

    /** Parses a UTF-8 JSON document. */
    static JsonTree parse(byte[] json) {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            JsonTree tree = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the document");
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonTree read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                List<Member> members = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    members.add(new Member(key, read(parser, parser.nextToken())));
                }
                return new JsonObject(members);
            }
            case START_ARRAY -> {
                List<JsonTree> elements = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    elements.add(read(parser, next));
                }
                return new JsonArray(elements);
            }
            case VALUE_STRING -> {
                return new JsonScalar(parser.getText(), false);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new JsonScalar(parser.getText(), true);
            }
            case VALUE_TRUE -> {
                return new JsonScalar("true", false);
            }
            case VALUE_FALSE -> {
                return new JsonScalar("false", false);
            }
            case VALUE_NULL -> {
                return new JsonNull();
            }
            default -> throw new IllegalArgumentException("unexpected token " + token);
        }
    }
}
